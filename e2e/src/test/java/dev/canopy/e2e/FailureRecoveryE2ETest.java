package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * Crashes during syncs: kill -9 of each service in turn (then restarted), a broker restart and a PostgreSQL restart
 * (same ports, same data). Afterwards the findings are exactly the ground truth (none lost, none duplicated) and
 * every finding was delivered as a correctly signed webhook.
 */
class FailureRecoveryE2ETest extends PlatformTestBase {
    private static final Duration RUN_BOUND = Duration.ofMinutes(4);
    private static final Duration OUTAGE = Duration.ofSeconds(4);


    @BeforeAll
    static void start() {
        startConnected("failures", SimulatorConfig.testDefaults(), true, "e2e-failures");
    }

    @Test
    void nothingLostOrDuplicatedAfterCrashesAndRestarts() {
        List<String> outcomes = new ArrayList<>();
        for (String service : LocalPlatform.SERVICES) {
            outcomes.add(duringSync("kill -9 " + service, () -> platform.crashAndRestart(service)));
        }
        outcomes.add(duringSync("broker restart", () -> {
            platform.infrastructure().stopKafka();
            sleep(OUTAGE);
            platform.infrastructure().startKafka();
        }));
        outcomes.add(duringSync("PostgreSQL restart", () -> {
            platform.infrastructure().stopPostgres();
            sleep(OUTAGE);
            platform.infrastructure().startPostgres();
        }));
        System.out.println("recovery summary:\n  " + String.join("\n  ", outcomes));

        // services must be healthy again without help
        for (String name : LocalPlatform.SERVICES) {
            platform.service(name).awaitReady(Duration.ofMinutes(2));
        }
        JsonNode last = E2eFlows.syncAndSettle(api, connectionId, "full");
        assertThat(last.path("status").asText()).as("full sync after the failures: %s", last).isEqualTo("succeeded");

        GroundTruth truth = platform.simulator().groundTruth(org.id());
        List<JsonNode> findings = E2eFlows.awaitFindings(api, GroundTruthKeys.plantedDlp(truth).size(), Duration.ofMinutes(3));
        ExactComparison.Mismatches mismatches = new ExactComparison.Mismatches();
        mismatches.compare("DLP findings after failures", GroundTruthKeys.plantedDlp(truth),
                GroundTruthKeys.dlpFindings(findings));
        mismatches.compare("posture findings after failures", GroundTruthKeys.risks(truth),
                GroundTruthKeys.postureFindings(findings, GroundTruthKeys.riskIds(truth)));

        FindingsTopic.Checked topic = FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant());
        assertThat(topic.problems()).as("invalid records on the findings topic").isEmpty();

        Set<String> ids = findings.stream().map(f -> f.path("id").asText()).collect(Collectors.toSet());
        Waits.until(() -> notified().containsAll(ids), Duration.ofMinutes(3), Duration.ofMillis(500));
        mismatches.compare("findings notified by webhook after failures", ids.stream().sorted().toList(),
                notified().stream().filter(ids::contains).sorted().toList());
        assertThat(platform.webhooks().deliveries()).allMatch(WebhookReceiver.Delivery::signatureValid);
        mismatches.assertNone();
    }

    /** Starts a full sync, injects the failure once the run is running, and waits (bounded) for the run to end. */
    private static String duringSync(String failure, Runnable inject) {
        long t0 = System.nanoTime();
        String runId = TenantApi.tolerant(() -> api.startSync(connectionId, "full")).map(r -> r.path("id").asText())
                .orElseThrow(() -> new AssertionError("could not start a sync before: " + failure));
        // a repeated full sync of the small org can finish in under a second: inject as soon as it left the queue
        Waits.until(() -> !"queued".equals(api.run(runId).path("status").asText()), Duration.ofMinutes(2),
                Duration.ofMillis(100));
        inject.run();
        JsonNode run;
        try {
            run = api.awaitRun(runId, RUN_BOUND, Duration.ofSeconds(1), r -> { });
        } catch (IllegalStateException e) {
            throw new AssertionError(failure + ": the run did not end within " + RUN_BOUND + " — " + e.getMessage(), e);
        }
        String outcome = String.format("%-20s run %s ended %s after %.1f s", failure, runId, run.path("status").asText(),
                (System.nanoTime() - t0) / 1e9);
        System.out.println("recovery: " + outcome);
        return outcome;
    }

    private static Set<String> notified() {
        return platform.webhooks().deliveries().stream().map(FullFlowE2ETest::findingIdOf)
                .filter(id -> id != null && !id.isEmpty()).collect(Collectors.toSet());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
