package dev.canopy.tools.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.simulator.model.SimOrg;
import dev.canopy.tools.Args;
import dev.canopy.tools.CanopyHome;

/**
 * What the local platform shows: a demo tenant connects the simulator's organization with all its sites (or a real
 * one given on the command line), subscribes the local webhook receiver, runs a full sync while printing its
 * progress, waits for inventory, findings and webhooks to catch up and prints a summary.
 */
public final class DemoScenario {
    static final String TENANT = "demo";
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    private DemoScenario() {
    }

    public static void run(LocalPlatform platform, CanopyHome home, Args args, LocalPlatform.Progress progress) {
        TenantApi api = TenantApi.of(platform, home, TENANT);
        Map<String, Object> request;
        if (ConnectionRequests.realRequested(args)) {
            request = ConnectionRequests.real(args);
        } else {
            SimOrg org = platform.simulator().state().orgs().get(0);
            request = ConnectionRequests.simulated(platform.simulator(), org);
        }
        JsonNode connection = api.connect(request);
        String connectionId = connection.path("id").asText();
        progress.step("connection " + connectionId + " to org " + request.get("orgId") + " with "
                + ((List<?>) request.get("sites")).size() + " site(s): " + connection.path("status").asText()
                + verificationProblems(connection));

        api.subscribe(platform.webhooks());
        progress.step("webhook subscription to " + platform.webhooks().url() + " (signing secret trusted by the receiver)");

        JsonNode run = api.startSync(connectionId, "full");
        String runId = run.path("id").asText();
        progress.step("full sync " + runId + " queued");
        RunProgressPrinter printer = new RunProgressPrinter(progress);
        run = api.awaitRun(runId, SYNC_TIMEOUT, Duration.ofSeconds(1), printer::print);
        progress.step("sync " + run.path("status").asText() + " in " + run.path("metrics").path("durationMs").asLong()
                + " ms, " + total(run.path("metrics").path("events")) + " events" + errors(run));

        progress.step("waiting for inventory, findings and webhooks to catch up");
        boolean inventoryDone = Waits.until(() -> api.inventoryComplete(runId), SETTLE_TIMEOUT, Duration.ofSeconds(1));
        progress.step(inventoryDone ? "inventory applied every event of the run" : "inventory still incomplete");
        boolean evaluated = Waits.until(() -> api.postureEvaluated(runId), SETTLE_TIMEOUT, Duration.ofSeconds(1));
        progress.step(evaluated ? "posture evaluated" : "posture not evaluated yet");
        long findings = Waits.quiet(() -> api.findings().size(), Duration.ofSeconds(5), SETTLE_TIMEOUT);
        progress.step(findings + " findings");
        Waits.until(() -> platform.webhooks().deliveries().size() >= findings, SETTLE_TIMEOUT, Duration.ofSeconds(1));
        long delivered = Waits.quiet(() -> platform.webhooks().deliveries().size(), Duration.ofSeconds(3), SETTLE_TIMEOUT);
        progress.step(delivered + " webhooks received");

        printSummary(platform, api);
    }

    static void printSummary(LocalPlatform platform, TenantApi api) {
        System.out.println();
        System.out.println("================ Canopy local platform: summary ================");
        if (platform.consoleUrl() != null) {
            System.out.println("Console: " + platform.consoleUrl() + "  (local sign-in: tenant demo, tenant-admin or tenant-reader)");
        }
        JsonNode overview = api.overview();
        System.out.println("Inventory (tenant '" + api.tenant() + "'):");
        Map<String, String> counts = new TreeMap<>();
        overview.path("entities").fields().forEachRemaining(e -> counts.put(e.getKey(),
                e.getValue().path("live").asLong() + (e.getValue().path("deleted").asLong() > 0
                        ? " (+" + e.getValue().path("deleted").asLong() + " deleted)" : "")));
        overview.path("memberships").fields().forEachRemaining(e -> counts.put(e.getKey() + " memberships",
                e.getValue().asText()));
        counts.forEach((type, n) -> System.out.printf("  %-26s %s%n", type, n));

        List<JsonNode> findings = api.findings();
        Map<String, List<JsonNode>> bySeverity = new TreeMap<>((a, b) -> Integer.compare(rank(a), rank(b)));
        for (JsonNode f : findings) {
            bySeverity.computeIfAbsent(f.path("severity").asText(), k -> new ArrayList<>()).add(f);
        }
        System.out.println("Findings: " + findings.size() + " (" + kinds(findings) + ")");
        List<JsonNode> dlp = findings.stream().filter(f -> "dlp".equals(f.path("kind").asText())).toList();
        long jira = dlp.stream().filter(f -> f.path("resource").path("type").asText().startsWith("jira_")).count();
        // an earlier page version kept in a history is its own content item, <id>@v<n>
        long history = dlp.stream().filter(f -> f.path("resource").path("id").asText().matches(".*@v\\d+$")).count();
        System.out.printf("  DLP by place: Confluence %d (%d of them in page histories), Jira %d%n", dlp.size() - jira,
                history, jira);
        bySeverity.forEach((severity, list) -> {
            System.out.printf("  %-9s %4d%n", severity, list.size());
            list.stream().limit(3).forEach(f -> System.out.printf("      - [%s] %s: %s%n", f.path("ruleId").asText(),
                    f.path("title").asText(), f.path("resource").path("name").asText(f.path("resource").path("id").asText())));
        });

        List<WebhookReceiver.Delivery> deliveries = platform.webhooks().deliveries();
        long valid = deliveries.stream().filter(WebhookReceiver.Delivery::signatureValid).count();
        long distinct = deliveries.stream().map(WebhookReceiver.Delivery::webhookId).distinct().count();
        System.out.printf("Webhooks: %d delivered to %s (%d distinct webhook-ids), signatures valid: %s%n",
                deliveries.size(), platform.webhooks().url(), distinct,
                valid == deliveries.size() ? "all " + valid : valid + " of " + deliveries.size());

        System.out.println("Swagger UI:");
        for (String name : LocalPlatform.SERVICES) {
            System.out.printf("  %-18s %s/q/swagger-ui  (API at %s)%n", name + "-service",
                    platform.service(name).managementUrl(), platform.serviceUrl(name));
        }
        System.out.println("Atlassian simulator: " + platform.simulator().baseUrl() + "  (control API: /_sim/orgs, /_sim/ground-truth)");
        System.out.println("Bearer token (one per service, valid 60 min): java -jar tools/target/canopy-tools.jar token"
                + " --tenant " + api.tenant() + " --service inventory");
        System.out.println("================================================================");
    }

    private static int rank(String severity) {
        int i = SEVERITIES.indexOf(severity);
        return i < 0 ? SEVERITIES.size() : i;
    }

    private static String kinds(List<JsonNode> findings) {
        Map<String, Integer> byKind = new TreeMap<>();
        findings.forEach(f -> byKind.merge(f.path("kind").asText(), 1, Integer::sum));
        return byKind.isEmpty() ? "none" : byKind.toString().replaceAll("[{}]", "");
    }

    public static long total(JsonNode counts) {
        long n = 0;
        for (Iterator<JsonNode> it = counts.elements(); it.hasNext();) {
            n += it.next().asLong();
        }
        return n;
    }

    private static String errors(JsonNode run) {
        return run.path("errors").isArray() && run.path("errors").size() > 0 ? "; errors: " + run.path("errors") : "";
    }

    private static String verificationProblems(JsonNode connection) {
        String error = connection.path("lastError").asText("");
        return error.isBlank() || "null".equals(error) ? "" : " (" + error + ")";
    }

    /** Prints a line whenever the run's state or current resource changes, and every few seconds otherwise. */
    static final class RunProgressPrinter {
        private final LocalPlatform.Progress progress;
        private String lastKey = "";
        private long lastPrinted;

        RunProgressPrinter(LocalPlatform.Progress progress) {
            this.progress = progress;
        }

        void print(JsonNode run) {
            JsonNode m = run.path("metrics");
            String key = run.path("status").asText() + "/" + m.path("currentResource").asText();
            long now = System.nanoTime();
            if (key.equals(lastKey) && now - lastPrinted < 5_000_000_000L) {
                return;
            }
            lastKey = key;
            lastPrinted = now;
            String resource = m.path("currentResource").asText("");
            progress.step(String.format("  sync %-9s %-22s %6d events, %5d requests, %3d throttled",
                    run.path("status").asText(), resource.isEmpty() ? "" : "[" + resource + "]",
                    total(m.path("events")), m.path("requests").asLong(), m.path("rateLimited").asLong()));
        }
    }
}
