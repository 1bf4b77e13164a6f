package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.control.SimControl;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * Crashes during syncs: kill -9 of each service in turn (then restarted), a broker restart and a PostgreSQL restart
 * (same ports, same data). Afterwards the findings are exactly the ground truth (none lost, none duplicated) and
 * every finding was delivered as a correctly signed webhook. Then a permission-change burst split by a kill -9 of
 * findings-service (which runs the detection processor) is reported exactly once, naming events from both halves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureRecoveryE2ETest extends PlatformTestBase {
    private static final Duration RUN_BOUND = Duration.ofMinutes(4);
    private static final Duration OUTAGE = Duration.ofSeconds(4);


    @BeforeAll
    static void start() {
        startConnected("failures", SimulatorConfig.testDefaults(), true, "e2e-failures");
    }

    @Test
    @Order(1)
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
        mismatches.compare("detections (rule|actor) after failures", GroundTruthKeys.detections(truth),
                GroundTruthKeys.detectionRecords(topic.valid()));

        Set<String> ids = findings.stream().map(f -> f.path("id").asText()).collect(Collectors.toSet());
        Waits.until(() -> notified().containsAll(ids), Duration.ofMinutes(3), Duration.ofMillis(500));
        mismatches.compare("findings notified by webhook after failures", ids.stream().sorted().toList(),
                notified().stream().filter(ids::contains).sorted().toList());
        assertThat(platform.webhooks().deliveries()).allMatch(WebhookReceiver.Delivery::signatureValid);
        mismatches.assertNone();
    }

    /**
     * Half a burst (12 of the 20 permission changes the rule needs) is synced and processed, findings-service is
     * killed with -9 and restarted, then 12 more arrive: the window state was restored from its changelog, so exactly
     * one detection fires and it names events of both halves.
     */
    @Test
    @Order(2)
    void aBurstSplitByAKillOfTheDetectionProcessorIsReportedOnce() {
        var control = platform.simulator().control();
        String actor = control.onLoop(() -> org.users().stream().filter(u -> u.active() && u.managed()
                && u.platformRoles.isEmpty()).reduce((a, b) -> b).orElseThrow().accountId);
        double processedBefore = auditEventsProcessed();
        SimControl.AuditTrigger first = control.triggerAudit(org.id(), "permission-burst", actor, 12);
        assertThat(first.detections()).isEmpty();
        incremental();
        assertThat(Waits.until(() -> auditEventsProcessed() >= processedBefore + 12, Duration.ofMinutes(2),
                Duration.ofMillis(200))).as("the detection processor saw the first half").isTrue();
        platform.crashAndRestart("findings");
        SimControl.AuditTrigger second = control.triggerAudit(org.id(), "permission-burst", actor, 12);
        assertThat(second.detections()).hasSize(1);
        incremental();

        boolean raised = Waits.until(() -> bursts(actor).size() == 1, Duration.ofMinutes(3), Duration.ofMillis(500));
        assertThat(raised).as("one permission-change-burst detection for %s", actor).isTrue();
        Waits.quiet(() -> bursts(actor).size(), Duration.ofSeconds(5), Duration.ofMinutes(1));
        List<OcsfFinding> created = bursts(actor);
        assertThat(created).as("exactly one detection, not lost and not repeated").hasSize(1);
        List<String> related = created.get(0).findingInfo().relatedEvents().stream().map(OcsfFinding.RelatedEvent::uid)
                .toList();
        assertThat(related).as("the window kept the first half across the kill").hasSize(20)
                .containsAll(first.eventIds()).isSubsetOf(second.detections().get(0).eventIds());
        String findingId = created.get(0).findingInfo().uid();
        assertThat(Waits.until(() -> notified().contains(findingId), Duration.ofMinutes(2), Duration.ofMillis(200)))
                .as("webhook for the detection").isTrue();
        GroundTruth truth = platform.simulator().groundTruth(org.id());
        ExactComparison.assertExactly("detections after the split burst", GroundTruthKeys.detections(truth),
                GroundTruthKeys.detectionRecords(FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant()).valid()));
    }

    private static void incremental() {
        JsonNode run = api.awaitRun(api.startSync(connectionId, "incremental").path("id").asText(), Duration.ofMinutes(3),
                Duration.ofMillis(500), r -> { });
        assertThat(run.path("status").asText()).as("incremental run %s", run).isEqualTo("succeeded");
    }

    private static List<OcsfFinding> bursts(String actor) {
        return FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant()).valid().stream()
                .filter(f -> f.classUid() == OcsfFinding.CLASS_DETECTION_FINDING && f.activityId() == 1
                        && "permission-change-burst".equals(f.findingInfo().analytic().uid())
                        && actor.equals(f.actor().user().uid()))
                .toList();
    }

    /** The detection processor's count of audit events it evaluated (this findings-service process only). */
    private static double auditEventsProcessed() {
        try {
            var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(platform.service("findings").managementUrl() + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith("canopy_detections_audit_events_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
