package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.tools.local.ConnectionRequests;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.ServiceProcess;
import dev.canopy.tools.local.TenantApi;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * Scale-out: two instances of every service (connector, inventory, findings, notifier), several tenants each with a
 * connection, full syncs of all of them at once and, while they run, kill -9 of one instance of every service and a
 * new instance started (a rebalance in every consumer group). Then, per tenant: inventory and findings are exactly the
 * ground truth (each finding once), every change on canopy.findings.v1 is there once and in order per finding, every
 * change reached the webhook receiver with one webhook-id per event and subscription, no connection ran two syncs at
 * the same time, and each completed run was evaluated exactly once (counted in every findings instance's log).
 * Also prints each instance's RSS at idle and its peak. Run:
 * {@code mvn -B -pl e2e verify -Dgroups=replicas -DexcludedGroups= -Dtest=ReplicasE2ETest}.
 */
@Tag("replicas")
class ReplicasE2ETest {
    private static final int TENANTS = Integer.getInteger("canopy.e2e.replicas.tenants", 3);
    private static final Duration SETTLE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVALUATION_LINE = Pattern.compile("sync run (\\S+) of tenant (\\S+): evaluation recorded");

    private static LocalPlatform platform;
    private static final List<Tenant> tenants = new ArrayList<>();
    private static final Map<String, Long> idleRssKib = new LinkedHashMap<>();

    record Tenant(TenantApi api, SimOrg org, String connectionId) {
    }

    @BeforeAll
    static void start() {
        SimulatorConfig config = SimulatorConfig.testDefaults().withSizes(new SimulatorConfig.Sizes(TENANTS, 2,
                Integer.getInteger("canopy.e2e.replicas.users", 300), 20, 8, 6, 4,
                Integer.getInteger("canopy.e2e.replicas.pagesPerSite", 120), 20, 60));
        Map<String, Integer> two = new LinkedHashMap<>();
        LocalPlatform.SERVICES.forEach(s -> two.put(s, 2));
        Map<String, String> env = new LinkedHashMap<>(E2ePlatforms.fastTimings());
        // the production bounded wait: a crashed instance's partitions are idle for the consumers' session timeout
        // (15 s) plus the rebalance; the shortened test wait (20 s) would evaluate the runs in flight as incomplete
        env.put("FINDINGS_EVALUATION_MAX_WAIT", "PT60S");
        // one sync worker per connector instance: of the first runs, each instance executes one, so the kill -9 of the
        // second instance interrupts a run (its lease expires, it is failed, and the next full run completes it)
        env.put("SYNC_WORKERS", "1");
        platform = E2ePlatforms.start("replicas", config, false, env, two);
        for (int i = 0; i < TENANTS; i++) {
            TenantApi api = E2eFlows.tenantApi(platform, "e2e-replicas-" + i);
            SimOrg org = platform.simulator().state().orgs().get(i);
            String connectionId = api.connect(ConnectionRequests.simulated(platform.simulator(), org)).path("id").asText();
            api.subscribe(platform.webhooks());
            tenants.add(new Tenant(api, org, connectionId));
        }
        for (String service : LocalPlatform.SERVICES) {
            for (ServiceProcess p : platform.replicas(service)) {
                idleRssKib.put(p.name(), p.rssKib());
            }
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void twoReplicasOfEveryServiceWithACrashAndARebalanceDuplicateAndLoseNothing() throws Exception {
        long t0 = System.nanoTime();
        Map<Tenant, String> firstRuns = new LinkedHashMap<>();
        for (Tenant t : tenants) {
            firstRuns.put(t, t.api().startSync(t.connectionId(), "full").path("id").asText());
        }
        // the crash lands while the runs read the organizations and the consumers work through their events
        Waits.until(() -> firstRuns.entrySet().stream().allMatch(e -> !"queued".equals(
                e.getKey().api().run(e.getValue()).path("status").asText())), Duration.ofMinutes(2), Duration.ofMillis(200));
        Waits.until(() -> firstRuns.entrySet().stream().mapToLong(e -> e.getKey().api().run(e.getValue())
                .path("metrics").path("events").path("content").asLong()).sum() > 0, Duration.ofMinutes(2), Duration.ofMillis(200));
        List<String> runningAtCrash = firstRuns.entrySet().stream()
                .filter(e -> "running".equals(e.getKey().api().run(e.getValue()).path("status").asText()))
                .map(Map.Entry::getValue).toList();
        long crashAt = System.nanoTime();
        for (String service : LocalPlatform.SERVICES) {
            platform.replicas(service).get(1).stop(true);
        }
        System.out.printf("kill -9 of the second instance of every service after %.1f s; runs still running: %s%n",
                (crashAt - t0) / 1e9, runningAtCrash);
        List<CompletableFuture<ServiceProcess>> starting = LocalPlatform.SERVICES.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> platform.startReplica(s))).toList();
        starting.forEach(CompletableFuture::join);
        System.out.printf("a new instance of every service ready %.1f s after the crash%n", (System.nanoTime() - crashAt) / 1e9);

        // a run whose connector instance died is failed after its lease and the next full run completes it
        Map<Tenant, String> lastRuns = new LinkedHashMap<>();
        for (Map.Entry<Tenant, String> e : firstRuns.entrySet()) {
            Tenant t = e.getKey();
            JsonNode run = t.api().awaitRun(e.getValue(), Duration.ofMinutes(10), Duration.ofSeconds(1), r -> { });
            System.out.printf("%s: first full run %s %s %s%n", t.api().tenant(), e.getValue(), run.path("status").asText(),
                    run.path("errors"));
            lastRuns.put(t, e.getValue());
            if (!"succeeded".equals(run.path("status").asText())) {
                JsonNode again = E2eFlows.syncAndSettle(t.api(), t.connectionId(), "full");
                assertThat(again.path("status").asText()).as("full run after the crash: %s", again).isEqualTo("succeeded");
                lastRuns.put(t, again.path("id").asText());
            }
        }
        for (Map.Entry<Tenant, String> e : lastRuns.entrySet()) {
            TenantApi api = e.getKey().api();
            assertThat(Waits.until(() -> api.inventoryComplete(e.getValue()), SETTLE, Duration.ofMillis(500)))
                    .as("inventory applied run %s", e.getValue()).isTrue();
            assertThat(Waits.until(() -> api.postureEvaluated(e.getValue()), SETTLE, Duration.ofMillis(500)))
                    .as("posture evaluated run %s", e.getValue()).isTrue();
        }
        System.out.printf("all runs synced, applied and evaluated after %.1f s%n", (System.nanoTime() - t0) / 1e9);

        ExactComparison.Mismatches mismatches = new ExactComparison.Mismatches();
        List<String> problems = new ArrayList<>();
        for (Tenant t : tenants) {
            checkTenant(t, mismatches, problems);
        }
        problems.addAll(overlappingRuns());
        problems.addAll(evaluationsNotOnce());
        System.out.printf("checked everything after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        printRss();
        Footprint.printDatabaseSizes(platform);
        problems.forEach(p -> System.out.println("problem: " + p));
        assertThat(problems).as("replica problems").isEmpty();
        mismatches.assertNone();
    }

    private static void checkTenant(Tenant t, ExactComparison.Mismatches mismatches, List<String> problems) {
        TenantApi api = t.api();
        String tenant = api.tenant();
        SimOrg org = t.org();
        GroundTruth truth = platform.simulator().groundTruth(org.id());
        mismatches.compare(tenant + " inventory users", platform.simulator().control().onLoop(() -> GroundTruthKeys.accountIds(org)),
                api.users().stream().map(u -> u.path("accountId").asText()).toList());
        mismatches.compare(tenant + " inventory installed apps", platform.simulator().control().onLoop(() -> GroundTruthKeys.apps(org)),
                api.installedApps().stream().map(a -> a.path("siteId").asText() + ":" + a.path("appKey").asText()).toList());
        List<JsonNode> findings = E2eFlows.awaitFindings(api, GroundTruthKeys.plantedDlp(truth).size(), SETTLE);
        mismatches.compare(tenant + " DLP findings", GroundTruthKeys.plantedDlp(truth), GroundTruthKeys.dlpFindings(findings));
        mismatches.compare(tenant + " posture findings", GroundTruthKeys.risks(truth),
                GroundTruthKeys.postureFindings(findings, GroundTruthKeys.riskIds(truth)));

        // the outbox: every change of a finding once, in order (change_seq rising along the partition)
        Set<String> ids = findings.stream().map(f -> f.path("id").asText()).collect(Collectors.toSet());
        Waits.until(() -> FindingsTopic.readAll(platform.kafkaBootstrap(), tenant).valid().stream()
                .map(f -> f.findingInfo().uid()).collect(Collectors.toSet()).containsAll(ids), SETTLE, Duration.ofSeconds(2));
        FindingsTopic.Checked topic = FindingsTopic.readAll(platform.kafkaBootstrap(), tenant);
        problems.addAll(topic.problems());
        Map<String, List<Long>> seqs = new HashMap<>();
        Set<String> changeIds = new HashSet<>();
        for (OcsfFinding f : topic.valid()) {
            seqs.computeIfAbsent(f.findingInfo().uid(), k -> new ArrayList<>())
                    .add(((Number) f.unmapped().get("change_seq")).longValue());
            if (!changeIds.add(f.metadata().uid())) {
                problems.add(tenant + ": change " + f.metadata().uid() + " of finding " + f.findingInfo().uid()
                        + " published twice");
            }
        }
        seqs.forEach((finding, s) -> {
            for (int i = 1; i < s.size(); i++) {
                if (s.get(i) <= s.get(i - 1)) {
                    problems.add(tenant + ": finding " + finding + " changes out of order or repeated: " + s);
                    break;
                }
            }
        });
        if (!seqs.keySet().containsAll(ids)) {
            problems.add(tenant + ": findings without a change on the topic: " + ids.stream().filter(i -> !seqs.containsKey(i)).toList());
        }

        // webhooks: every change delivered, one webhook-id per (event, subscription), signatures valid
        Waits.until(() -> deliveredEvents(tenant).keySet().containsAll(changeIds), SETTLE, Duration.ofSeconds(1));
        Map<String, Set<String>> webhookIdsByEvent = deliveredEvents(tenant);
        Set<String> undelivered = new HashSet<>(changeIds);
        undelivered.removeAll(webhookIdsByEvent.keySet());
        if (!undelivered.isEmpty()) {
            problems.add(tenant + ": " + undelivered.size() + " of " + changeIds.size() + " changes never delivered");
        }
        webhookIdsByEvent.forEach((event, webhookIds) -> {
            if (webhookIds.size() != 1) {
                problems.add(tenant + ": event " + event + " delivered under webhook-ids " + webhookIds);
            }
        });
        long attempts = platform.webhooks().deliveries().stream().filter(d -> tenant.equals(field(d, "tenantId"))).count();
        System.out.printf("%s: %d findings, %d changes on the topic, %d deliveries (%d redelivered)%n", tenant, ids.size(),
                changeIds.size(), attempts, attempts - webhookIdsByEvent.size());
        platform.webhooks().deliveries().stream().filter(d -> tenant.equals(field(d, "tenantId")) && !d.signatureValid())
                .findFirst().ifPresent(d -> problems.add(tenant + ": webhook " + d.webhookId() + " signature invalid"));
    }

    /** The tenant's delivered event ids, each with the webhook-ids it arrived under. */
    private static Map<String, Set<String>> deliveredEvents(String tenant) {
        Map<String, Set<String>> byEvent = new TreeMap<>();
        for (WebhookReceiver.Delivery d : platform.webhooks().deliveries()) {
            if (tenant.equals(field(d, "tenantId"))) {
                byEvent.computeIfAbsent(field(d, "eventId"), k -> new HashSet<>()).add(d.webhookId());
            }
        }
        return byEvent;
    }

    private static String field(WebhookReceiver.Delivery d, String name) {
        try {
            return JSON.readTree(d.body()).path("data").path(name).asText();
        } catch (Exception e) {
            return null;
        }
    }

    /** Per connection, no run started before the previous one ended (from the connector's own database). */
    private static List<String> overlappingRuns() throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, List<Timestamp[]>> byConnection = new TreeMap<>();
        int runs = 0;
        try (Connection c = platform.infrastructure().database("canopy_connector").getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select connection_id, id, status, started_at, completed_at, errors::text as errors "
                        + "from sync_run where started_at is not null order by connection_id, started_at")) {
            while (r.next()) {
                runs++;
                byConnection.computeIfAbsent(r.getString("connection_id"), k -> new ArrayList<>())
                        .add(new Timestamp[] { r.getTimestamp("started_at"), r.getTimestamp("completed_at") });
                if (!"succeeded".equals(r.getString("status"))) {
                    System.out.printf("run %s %s: %s%n", r.getString("id"), r.getString("status"), r.getString("errors"));
                }
            }
        }
        byConnection.forEach((connection, list) -> {
            for (int i = 1; i < list.size(); i++) {
                Timestamp previousEnd = list.get(i - 1)[1];
                if (previousEnd == null || list.get(i)[0].before(previousEnd)) {
                    problems.add("connection " + connection + ": a run started at " + list.get(i)[0]
                            + " while the previous one (ended " + previousEnd + ") was still running");
                }
            }
        });
        System.out.printf("sync runs: %d over %d connections, none overlapping: %s%n", runs, byConnection.size(), problems.isEmpty());
        return problems;
    }

    /** Every run findings-service recorded as evaluated was evaluated once, across all its instances' logs. */
    private static List<String> evaluationsNotOnce() throws Exception {
        Map<String, Integer> lines = new TreeMap<>();
        for (ServiceProcess p : platform.replicas("findings")) {
            Path log = p.logFile();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = EVALUATION_LINE.matcher(line);
                    if (m.find()) {
                        lines.merge(m.group(2) + "/" + m.group(1), 1, Integer::sum);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Set<String> evaluated = new HashSet<>();
        try (Connection c = platform.infrastructure().database("canopy_findings").getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select tenant_id, run_id from sync_run where evaluated_at is not null")) {
            while (r.next()) {
                evaluated.add(r.getString("tenant_id") + "/" + r.getString("run_id"));
            }
        }
        for (String run : evaluated) {
            if (lines.getOrDefault(run, 0) != 1) {
                problems.add("run " + run + " evaluated " + lines.getOrDefault(run, 0) + " times");
            }
        }
        lines.keySet().stream().filter(run -> !evaluated.contains(run))
                .forEach(run -> problems.add("run " + run + " logged as evaluated but not recorded"));
        System.out.printf("posture evaluations: %d runs, %s%n", evaluated.size(), lines);
        return problems;
    }

    private static void printRss() {
        for (String service : LocalPlatform.SERVICES) {
            for (ServiceProcess p : platform.replicas(service)) {
                System.out.printf("RSS %-22s idle %5s MiB, peak %5s MiB%s%n", p.name(),
                        idleRssKib.containsKey(p.name()) ? String.valueOf(idleRssKib.get(p.name()) / 1024) : "-",
                        p.alive() ? String.valueOf(p.peakRssKib() / 1024) : "-", p.alive() ? "" : " (killed)");
            }
        }
    }
}
