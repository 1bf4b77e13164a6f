package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * Continuous detection with production defaults (scheduler on, 60 s polls, 10 s scheduler tick, default outbox and
 * delivery intervals; nothing triggered by hand after the first full sync): secrets are planted in pages at random
 * moments over a window, so edits land at every phase of the poll cycle, and each edit is timed until its signed
 * webhook arrives. Prints p50/p90/p99/max and what an idle connection's polls cost; fails when an edit is never
 * delivered or p99 exceeds 90 s. Risky audit actions (every simulator scenario, twice) are triggered at random moments
 * of the same window and timed from the action to their Detection Finding's signed webhook. Run: {@code mvn -B -pl e2e -am verify -Dgroups=benchmark -DexcludedGroups=
 * -Dtest=DetectionLatencyBenchmarkE2ETest -Dsurefire.failIfNoSpecifiedTests=false} (about 8 minutes).
 */
@Tag("benchmark")
class DetectionLatencyBenchmarkE2ETest {
    private static final int EDITS = Integer.getInteger("canopy.e2e.latency.edits", 40);
    private static final int AUDIT_ROUNDS = Integer.getInteger("canopy.e2e.latency.audit-rounds", 2);
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("canopy.e2e.latency.window-seconds", 300));
    /** Quiet time before the edits, to measure what idle polls cost. */
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("canopy.e2e.latency.idle-seconds", 150));
    private static final long P99_GOAL_MS = 90_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void editToSignedWebhookWithDefaultSettings() throws Exception {
        // one org, two Confluence sites with 60 pages each (enough distinct pages for the edits)
        SimulatorConfig simulator = SimulatorConfig.testDefaults()
                .withSizes(new SimulatorConfig.Sizes(1, 2, 25, 6, 4, 6, 3, 60, 3));
        try (ConnectedPlatform c = ConnectedPlatform.start("latency", simulator, false, "e2e-latency", Map.of())) {
            LocalPlatform platform = c.platform();
            TenantApi api = c.api();
            E2eFlows.syncAndSettle(api, c.connectionId(), "full");
            Waits.quiet(() -> platform.webhooks().deliveries().size(), Duration.ofSeconds(10), Duration.ofMinutes(5));

            SimSite site = c.org().sites.values().stream().filter(s -> s.products.contains("confluence")).findFirst()
                    .orElseThrow();
            List<Long> pages = platform.simulator().control().onLoop(() -> site.content.values().stream()
                    .filter(p -> p.kind == ContentKind.PAGE && "current".equals(p.status)).limit(EDITS)
                    .map((SimContent p) -> p.id).toList());
            SplittableRandom random = new SplittableRandom(42);
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                offsets.add(random.nextLong(WINDOW.toMillis()));
            }
            offsets.sort(Long::compare);

            Metrics idleStart = Metrics.scrape(platform);
            long idleStartedAt = System.currentTimeMillis();
            Thread.sleep(IDLE.toMillis());
            Metrics before = Metrics.scrape(platform);
            long idleMs = System.currentTimeMillis() - idleStartedAt;
            // risky audit actions at random moments of the same window (two rounds of every scenario)
            List<String> scenarios = new ArrayList<>();
            for (int round = 0; round < AUDIT_ROUNDS; round++) {
                scenarios.addAll(dev.canopy.simulator.generate.AuditActivity.SCENARIOS.keySet());
            }
            List<Long> auditOffsets = new ArrayList<>();
            scenarios.forEach(x -> auditOffsets.add(random.nextLong(WINDOW.toMillis())));
            auditOffsets.sort(Long::compare);
            long start = System.currentTimeMillis();
            Map<String, Long> editedAt = new HashMap<>();
            Map<dev.canopy.simulator.model.SimDetection, Long> actedAt = new HashMap<>();
            int e = 0;
            int a = 0;
            while (e < pages.size() || a < scenarios.size()) {
                boolean edit = a >= scenarios.size() || (e < pages.size() && offsets.get(e) <= auditOffsets.get(a));
                long wait = start + (edit ? offsets.get(e) : auditOffsets.get(a)) - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                if (edit) {
                    platform.simulator().control().plantSecret(site.name, pages.get(e), "stripe-secret-key", null);
                    editedAt.put(site.name + ":" + pages.get(e++), System.currentTimeMillis());
                } else {
                    long now = System.currentTimeMillis();
                    platform.simulator().control().triggerAudit(c.org().id(), scenarios.get(a++), null).detections()
                            .forEach(d -> actedAt.put(d, now));
                }
            }

            Map<String, String> findingToResource = new HashMap<>();
            boolean allDelivered = Waits.until(() -> {
                api.findings().stream().filter(f -> "stripe-secret-key".equals(f.path("ruleId").asText())
                        && editedAt.containsKey(f.path("resource").path("id").asText()))
                        .forEach(f -> findingToResource.put(f.path("id").asText(), f.path("resource").path("id").asText()));
                return findingToResource.size() >= editedAt.size() && platform.webhooks().deliveries().stream()
                        .map(FullFlowE2ETest::findingIdOf).filter(findingToResource::containsKey).distinct()
                        .count() >= editedAt.size();
            }, Duration.ofMinutes(5), Duration.ofMillis(250));
            long elapsed = System.currentTimeMillis() - start;
            Metrics after = Metrics.scrape(platform);
            List<Long> auditLatencies = auditLatencies(platform, api, actedAt);

            Map<String, Long> firstDelivery = new HashMap<>();
            for (WebhookReceiver.Delivery d : platform.webhooks().deliveries()) {
                String findingId = FullFlowE2ETest.findingIdOf(d);
                if (findingToResource.containsKey(findingId)) {
                    firstDelivery.merge(findingToResource.get(findingId), d.receivedAtMillis(), Math::min);
                }
            }
            List<Long> latencies = new ArrayList<>();
            firstDelivery.forEach((resource, at) -> latencies.add(at - editedAt.get(resource)));
            latencies.sort(Long::compare);

            long polls = after.polls() - before.polls();
            long idlePolls = before.idlePolls() - idleStart.idlePolls();
            double idleRequests = before.idleRequests() - idleStart.idleRequests();
            double pollsPerHour = (polls + before.polls() - idleStart.polls()) * 3_600_000.0 / (elapsed + idleMs);
            double requestsPerIdlePoll = idlePolls == 0 ? Double.NaN : idleRequests / idlePolls;
            System.out.println("=== detection latency (defaults: 60 s polls, 10 s scheduler tick) ===");
            System.out.printf("edits %d over %d s, delivered %d: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    editedAt.size(), WINDOW.toSeconds(), latencies.size(), pct(latencies, 50), pct(latencies, 90),
                    pct(latencies, 99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
            System.out.printf("risky audit actions %d (%d detections) over %d s, delivered %d: p50 %d ms, p90 %d ms, "
                    + "p99 %d ms, max %d ms%n", scenarios.size(), actedAt.size(), WINDOW.toSeconds(), auditLatencies.size(),
                    pct(auditLatencies, 50), pct(auditLatencies, 90), pct(auditLatencies, 99),
                    auditLatencies.isEmpty() ? -1 : auditLatencies.get(auditLatencies.size() - 1));
            System.out.printf("polls: %d during the edits (%.1f min), %.0f per hour overall; %d idle polls in the %d s "
                    + "before at %.2f requests each = %.0f requests per hour per idle connection (%d Confluence "
                    + "site(s) + audit stream)%n", polls, elapsed / 60_000.0, pollsPerHour, idlePolls, IDLE.toSeconds(),
                    requestsPerIdlePoll, requestsPerIdlePoll * pollsPerHour,
                    c.org().sites.values().stream().filter(s -> s.products.contains("confluence")).count());

            assertThat(idlePolls).as("the connection was polled while idle").isGreaterThanOrEqualTo(1);
            assertThat(allDelivered).as("every edit reached a signed webhook").isTrue();
            assertThat(latencies).hasSize(editedAt.size());
            assertThat(pct(latencies, 99)).as("edit → webhook p99 within %d ms", P99_GOAL_MS).isLessThanOrEqualTo(P99_GOAL_MS);
            assertThat(auditLatencies).as("every detection reached a signed webhook").hasSize(actedAt.size());
            assertThat(pct(auditLatencies, 99)).as("action → webhook p99 within %d ms", P99_GOAL_MS)
                    .isLessThanOrEqualTo(P99_GOAL_MS);
            assertThat(platform.webhooks().deliveries()).allMatch(WebhookReceiver.Delivery::signatureValid);
        }
    }

    /** Action → first webhook of its Detection Finding (found on the findings topic by rule, actor and events). */
    private static List<Long> auditLatencies(LocalPlatform platform, TenantApi api,
            Map<dev.canopy.simulator.model.SimDetection, Long> actedAt) {
        Waits.until(() -> GroundTruthKeys.detectionRecords(FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant())
                .valid()).size() >= actedAt.size(), Duration.ofMinutes(5), Duration.ofSeconds(1));
        List<dev.canopy.contracts.ocsf.OcsfFinding> records = FindingsTopic.readAll(platform.kafkaBootstrap(),
                api.tenant()).valid().stream().filter(f -> f.classUid() == 2004 && f.activityId() == 1).toList();
        Map<String, Long> latencyByFinding = new HashMap<>();
        actedAt.forEach((d, at) -> records.stream().filter(f -> f.findingInfo().analytic().uid().equals(d.detectionId())
                && f.actor().user().uid().equals(d.actorAccountId())
                && d.eventIds().contains(f.findingInfo().relatedEvents().get(0).uid())).findFirst()
                .ifPresent(f -> latencyByFinding.put(f.findingInfo().uid(), -at)));
        Waits.until(() -> platform.webhooks().deliveries().stream().map(FullFlowE2ETest::findingIdOf)
                .filter(latencyByFinding::containsKey).distinct().count() >= latencyByFinding.size(),
                Duration.ofMinutes(5), Duration.ofMillis(250));
        Map<String, Long> first = new HashMap<>();
        for (WebhookReceiver.Delivery d : platform.webhooks().deliveries()) {
            String id = FullFlowE2ETest.findingIdOf(d);
            if (latencyByFinding.containsKey(id)) {
                first.merge(id, d.receivedAtMillis(), Math::min);
            }
        }
        List<Long> out = new ArrayList<>();
        first.forEach((id, at) -> out.add(at + latencyByFinding.get(id)));
        out.sort(Long::compare);
        return out;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : LoadBenchmarkE2ETest.percentile(sorted, p);
    }

    /** The connector's poll counters from its Prometheus endpoint (management port). */
    private record Metrics(long polls, long idlePolls, double idleRequests) {
        private static final Pattern LINE = Pattern.compile(
                "^canopy_sync_poll_requests_(count|sum)\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

        static Metrics scrape(LocalPlatform platform) throws IOException, InterruptedException {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(platform.service("connector").managementUrl()
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            long polls = 0;
            long idle = 0;
            double idleSum = 0;
            Matcher m = LINE.matcher(body);
            while (m.find()) {
                boolean isIdle = m.group(2).contains("outcome=\"idle\"");
                double v = Double.parseDouble(m.group(3));
                if (m.group(1).equals("count")) {
                    polls += (long) v;
                    idle += isIdle ? (long) v : 0;
                } else if (isIdle) {
                    idleSum += v;
                }
            }
            return new Metrics(polls, idle, idleSum);
        }
    }
}
