package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.tools.local.DemoScenario;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * A 10k-user / 20k-page organization end to end; prints events/s per stage, content-mutation-to-webhook p50/p99 and
 * each service's peak RSS. Run: {@code mvn -B -pl e2e verify -Dgroups=benchmark -DexcludedGroups= -Dtest=LoadBenchmarkE2ETest}.
 */
@Tag("benchmark")
class LoadBenchmarkE2ETest extends PlatformTestBase {
    private static final int MUTATIONS = Integer.getInteger("canopy.e2e.mutations", 50);


    @BeforeAll
    static void start() {
        SimulatorConfig base = SimulatorConfig.testDefaults();
        SimulatorConfig big = base.withSizes(new SimulatorConfig.Sizes(1, 2, Integer.getInteger("canopy.e2e.users", 10_000),
                200, 50, 10, 40, Integer.getInteger("canopy.e2e.pagesPerSite", 10_000), 200))
                .withRateLimit(new SimulatorConfig.RateLimit(0, 0, 1));
        startConnected("load", big, false, "e2e-load");
    }

    @Test
    void largeOrganizationEndToEnd() {
        GroundTruth truth = platform.simulator().groundTruth(org.id());
        System.out.println("org: " + truth.counts());
        long t0 = System.currentTimeMillis();
        String runId = api.startSync(connectionId, "full").path("id").asText();
        JsonNode run = api.awaitRun(runId, Duration.ofMinutes(60), Duration.ofSeconds(2), r -> { });
        long syncMs = System.currentTimeMillis() - t0;
        long events = DemoScenario.total(run.path("metrics").path("events"));
        long contentEvents = run.path("metrics").path("events").path("content").asLong();
        boolean inventoryDone = Waits.until(() -> api.inventoryComplete(runId), Duration.ofMinutes(30), Duration.ofSeconds(1));
        long inventoryMs = System.currentTimeMillis() - t0;
        int expectedDlp = GroundTruthKeys.plantedDlp(truth).size();
        Waits.until(() -> GroundTruthKeys.dlpFindings(api.findings()).size() >= expectedDlp, Duration.ofMinutes(30),
                Duration.ofSeconds(2));
        Waits.until(() -> api.postureEvaluated(runId), Duration.ofMinutes(10), Duration.ofSeconds(1));
        long findingsMs = System.currentTimeMillis() - t0;
        int findings = api.findings().size();
        Waits.until(() -> platform.webhooks().deliveries().size() >= findings, Duration.ofMinutes(30), Duration.ofSeconds(1));
        long webhooksMs = System.currentTimeMillis() - t0;

        System.out.println("=== load: " + truth.counts().get("users") + " users, " + truth.counts().get("pages") + " pages, "
                + truth.counts().get("jiraIssues") + " Jira issues ===");
        System.out.printf("connector  %s: %d events in %.1f s = %.0f events/s%n", run.path("status").asText(), events,
                syncMs / 1e3, events * 1000.0 / syncMs);
        System.out.printf("connector  %d requests (%.0f/s); listed %s%n", run.path("metrics").path("requests").asLong(),
                run.path("metrics").path("requests").asLong() * 1000.0 / syncMs, run.path("metrics").path("entities"));
        System.out.printf("org        %s Jira issues, %s comments, %s worklogs, %s attachments%n", truth.counts().get("jiraIssues"),
                truth.counts().get("jiraComments"), truth.counts().get("jiraWorklogs"), truth.counts().get("jiraAttachments"));
        System.out.printf("inventory  applied the run's inventory events after %.1f s = %.0f events/s%s%n", inventoryMs / 1e3,
                (events - contentEvents) * 1000.0 / inventoryMs, inventoryDone ? "" : " (NOT complete)");
        System.out.printf("findings   %d content events scanned, %d findings after %.1f s = %.0f content events/s%n",
                contentEvents, findings, findingsMs / 1e3, contentEvents * 1000.0 / findingsMs);
        System.out.printf("notifier   %d webhooks after %.1f s%n", platform.webhooks().deliveries().size(), webhooksMs / 1e3);

        measureMutationToWebhook();
        for (String name : LocalPlatform.SERVICES) {
            System.out.printf("peak RSS %-18s %6d MiB%n", name + "-service", platform.service(name).peakRssKib() / 1024);
        }
        Footprint.printDatabaseSizes(platform);
        assertThat(platform.webhooks().deliveries()).allMatch(WebhookReceiver.Delivery::signatureValid);
    }

    /** Plants a secret in existing pages, runs an incremental sync, and times each page's webhook. */
    private static void measureMutationToWebhook() {
        SimSite site = org.sites.values().iterator().next();
        List<Long> pages = platform.simulator().control().onLoop(() -> site.content.values().stream()
                // current pages only: a trashed page is out of every listing of live content by design (the earlier
                // "49 of 50" came from one trashed page among the first 50, not from a missed change)
                .filter(c -> c.kind == ContentKind.PAGE && "current".equals(c.status)).limit(MUTATIONS)
                .map((SimContent c) -> c.id).toList());
        Map<String, Long> mutatedAt = new HashMap<>();
        for (long id : pages) {
            platform.simulator().control().plantSecret(site.name, id, "stripe-secret-key", null);
            mutatedAt.put(site.name + ":" + id, System.currentTimeMillis());
        }
        String runId = api.startSync(connectionId, "incremental").path("id").asText();
        api.awaitRun(runId, Duration.ofMinutes(30), Duration.ofMillis(500), r -> { });
        Map<String, String> findingToResource = new HashMap<>();
        Waits.until(() -> {
            api.findings().stream().filter(f -> "stripe-secret-key".equals(f.path("ruleId").asText())
                    && mutatedAt.containsKey(f.path("resource").path("id").asText()))
                    .forEach(f -> findingToResource.put(f.path("id").asText(), f.path("resource").path("id").asText()));
            return findingToResource.size() >= pages.size();
        }, Duration.ofMinutes(10), Duration.ofSeconds(1));
        Waits.until(() -> platform.webhooks().deliveries().stream().map(FullFlowE2ETest::findingIdOf)
                .filter(findingToResource::containsKey).distinct().count() >= findingToResource.size(),
                Duration.ofMinutes(10), Duration.ofMillis(200));
        List<Long> latencies = new ArrayList<>();
        Map<String, Long> firstDelivery = new HashMap<>();
        for (WebhookReceiver.Delivery d : platform.webhooks().deliveries()) {
            String findingId = FullFlowE2ETest.findingIdOf(d);
            if (findingToResource.containsKey(findingId)) {
                firstDelivery.merge(findingId, d.receivedAtMillis(), Math::min);
            }
        }
        firstDelivery.forEach((findingId, at) -> latencies.add(at - mutatedAt.get(findingToResource.get(findingId))));
        latencies.sort(Long::compare);
        if (!latencies.isEmpty()) {
            System.out.printf("mutation → webhook (%d of %d pages, incl. incremental sync): p50 %d ms, p99 %d ms, max %d ms%n",
                    latencies.size(), pages.size(), percentile(latencies, 50), percentile(latencies, 99),
                    latencies.get(latencies.size() - 1));
        }
        assertThat(latencies).as("every mutated page reaches a webhook (a missed change stays invisible until the next full sync)")
                .hasSize(pages.size());
    }

    static long percentile(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
