package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.tools.local.Waits;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * The whole platform as separate processes: a seeded simulator org → connector full sync → inventory, findings
 * (exactly the ground truth: Confluence content, the versions page histories keep, Jira work items), OCSF records on
 * the findings topic, signed webhooks; then a secret planted in a page, and secrets in a Jira issue and a new comment,
 * each reaching a webhook after an incremental sync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullFlowE2ETest extends PlatformTestBase {
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();


    @BeforeAll
    static void start() {
        startConnected("full-flow", SimulatorConfig.testDefaults(), false, "e2e-full");
    }

    @Test
    @Order(1)
    void fullSyncYieldsExactlyTheGroundTruthEverywhere() {
        JsonNode run = E2eFlows.syncAndSettle(api, connectionId, "full");
        assertThat(run.path("status").asText()).as("run %s", run).isEqualTo("succeeded");
        GroundTruth truth = platform.simulator().groundTruth(org.id());

        ExactComparison.Mismatches mismatches = new ExactComparison.Mismatches();
        mismatches.compare("inventory users (account ids)",
                platform.simulator().control().onLoop(() -> GroundTruthKeys.accountIds(org)),
                api.users().stream().map(u -> u.path("accountId").asText()).toList());
        // site-scoped teams are listed only with their site's cloud id: all teams must arrive
        mismatches.compare("inventory teams (team ids)",
                platform.simulator().control().onLoop(() -> List.copyOf(org.teams.keySet())),
                api.teams().stream().map(t -> t.path("teamId").asText()).toList());
        mismatches.compare("inventory installed apps (site:appKey)",
                platform.simulator().control().onLoop(() -> GroundTruthKeys.apps(org)),
                api.installedApps().stream().map(a -> a.path("siteId").asText() + ":" + a.path("appKey").asText()).toList());

        List<JsonNode> findings = E2eFlows.awaitFindings(api, GroundTruthKeys.plantedDlp(truth).size(), SETTLE);
        mismatches.compare("DLP findings (detector|site:contentId)", GroundTruthKeys.plantedDlp(truth),
                GroundTruthKeys.dlpFindings(findings));
        mismatches.compare("posture findings of the planted risks (riskId|resource)", GroundTruthKeys.risks(truth),
                GroundTruthKeys.postureFindings(findings, GroundTruthKeys.riskIds(truth)));

        FindingsTopic.Checked topic = FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant());
        assertThat(topic.problems()).as("invalid records on the findings topic").isEmpty();
        Set<String> onTopic = topic.valid().stream().map(f -> f.findingInfo().uid()).collect(Collectors.toSet());
        Set<String> viaRest = findings.stream().map(f -> f.path("id").asText()).collect(Collectors.toSet());
        assertThat(onTopic).as("finding uids on canopy.findings.v1 vs findings REST").containsAll(viaRest);
        assertThat(topic.valid()).extracting(OcsfFinding::tenantId).containsOnly(api.tenant());
        System.out.printf("findings topic: %d valid OCSF records for %d findings%n", topic.valid().size(), viaRest.size());

        // threat detections over the 30 days of seeded audit activity: each risky action once, no noise
        mismatches.compare("detections (rule|actor) from the audit history", GroundTruthKeys.detections(truth),
                GroundTruthKeys.detectionRecords(topic.valid()));
        mismatches.compare("detections naming audit events the simulator did not attribute to them", List.of(),
                GroundTruthKeys.detectionsWithForeignEvents(truth, topic.valid()));

        assertAllFindingsNotified(viaRest, mismatches);
        mismatches.assertNone();
    }

    @Test
    @Order(2)
    void secretPlantedInAPageArrivesAsWebhookAfterAnIncrementalSync() {
        SimSite site = org.sites.values().iterator().next();
        long before = platform.webhooks().deliveries().size();
        long mutatedAt = System.currentTimeMillis();
        SimContent page = platform.simulator().control().createPage(site.name, null, "e2e planted secret",
                "<p>deploy notes</p>");
        platform.simulator().control().plantSecret(site.name, page.id, "github-pat", null);
        String resource = site.name + ":" + page.id;

        JsonNode run = api.startSync(connectionId, "incremental");
        String runId = run.path("id").asText();
        run = api.awaitRun(runId, Duration.ofMinutes(5), Duration.ofMillis(500), r -> { });
        assertThat(run.path("status").asText()).as("incremental run %s", run).isEqualTo("succeeded");

        boolean found = Waits.until(() -> api.findings().stream().anyMatch(f -> resource.equals(f.path("resource").path("id").asText())
                && "github-pat".equals(f.path("ruleId").asText())), SETTLE, Duration.ofMillis(250));
        assertThat(found).as("a github-pat finding on %s", resource).isTrue();
        String findingId = api.findings().stream().filter(f -> resource.equals(f.path("resource").path("id").asText()))
                .findFirst().orElseThrow().path("id").asText();
        boolean notified = Waits.until(() -> deliveryFor(findingId) != null, SETTLE, Duration.ofMillis(100));
        assertThat(notified).as("webhook for finding %s", findingId).isTrue();
        WebhookReceiver.Delivery d = deliveryFor(findingId);
        assertThat(d.signatureValid()).isTrue();
        System.out.printf("planted secret → webhook: %d ms (mutation to delivery, incl. the incremental sync)%n",
                d.receivedAtMillis() - mutatedAt);
        assertThat(platform.webhooks().deliveries().size()).isGreaterThan((int) before);

        GroundTruth truth = platform.simulator().groundTruth(org.id());
        ExactComparison.assertExactly("DLP findings after the incremental sync", GroundTruthKeys.plantedDlp(truth),
                GroundTruthKeys.dlpFindings(api.findings()));
    }

    /**
     * Jira as a user changes it: a secret pasted into an existing issue's description and one in a new comment on a new
     * issue each reach a signed webhook after an incremental sync, named by the Jira item they are in.
     */
    @Test
    @Order(3)
    void anEditedIssueAndANewCommentEachReachASignedWebhook() {
        SimSite site = org.sites.values().stream().filter(s -> s.products.contains("jira")).findFirst().orElseThrow();
        var control = platform.simulator().control();
        var existing = control.onLoop(() -> site.issues.values().stream()
                .filter(i -> site.projects.get(i.projectId).browsable).findFirst().orElseThrow());
        var edited = control.plantInIssue(site.name, existing.key, "description", "slack-bot-token", null);
        var fresh = control.createIssue(site.name, "OPS", "Deploy checklist");
        var commented = control.plantInIssue(site.name, fresh.key, "comment", "github-pat", null);

        JsonNode run = api.awaitRun(api.startSync(connectionId, "incremental").path("id").asText(), Duration.ofMinutes(5),
                Duration.ofMillis(500), r -> { });
        assertThat(run.path("status").asText()).as("incremental run %s", run).isEqualTo("succeeded");
        for (var planted : List.of(edited, commented)) {
            String resource = planted.site() + ":" + planted.apiContentId();
            boolean found = Waits.until(() -> api.findings().stream().anyMatch(f -> resource.equals(f.path("resource")
                    .path("id").asText()) && planted.detector().equals(f.path("ruleId").asText())), SETTLE, Duration.ofMillis(250));
            assertThat(found).as("a %s finding on %s", planted.detector(), resource).isTrue();
            String findingId = api.findings().stream().filter(f -> resource.equals(f.path("resource").path("id").asText()))
                    .findFirst().orElseThrow().path("id").asText();
            assertThat(Waits.until(() -> deliveryFor(findingId) != null, SETTLE, Duration.ofMillis(100)))
                    .as("webhook for the finding on %s", resource).isTrue();
            assertThat(deliveryFor(findingId).signatureValid()).isTrue();
        }
        GroundTruth truth = platform.simulator().groundTruth(org.id());
        ExactComparison.assertExactly("DLP findings after the Jira changes", GroundTruthKeys.plantedDlp(truth),
                GroundTruthKeys.dlpFindings(api.findings()));
    }

    /**
     * Every risky audit action, triggered now through the simulator's control API, reaches a Detection Finding, an
     * OCSF 2004 record and a signed webhook after the next incremental sync; prints action → webhook latencies.
     */
    @Test
    @Order(4)
    void eachRiskyAuditActionReachesASignedWebhookAndAnOcsf2004Record() {
        var control = platform.simulator().control();
        Map<String, Long> triggeredAt = new java.util.LinkedHashMap<>();
        List<dev.canopy.simulator.model.SimDetection> expected = new java.util.ArrayList<>();
        for (String scenario : dev.canopy.simulator.generate.AuditActivity.SCENARIOS.keySet()) {
            triggeredAt.put(scenario, System.currentTimeMillis());
            expected.addAll(control.triggerAudit(org.id(), scenario, null).detections());
        }
        JsonNode run = api.awaitRun(api.startSync(connectionId, "incremental").path("id").asText(), Duration.ofMinutes(5),
                Duration.ofMillis(500), r -> { });
        assertThat(run.path("status").asText()).as("incremental run %s", run).isEqualTo("succeeded");
        GroundTruth truth = platform.simulator().groundTruth(org.id());
        boolean all = Waits.until(() -> GroundTruthKeys.detectionRecords(FindingsTopic.readAll(platform.kafkaBootstrap(),
                api.tenant()).valid()).size() >= truth.detections().size(), SETTLE, Duration.ofMillis(500));
        assertThat(all).as("%d detections on the findings topic", truth.detections().size()).isTrue();
        FindingsTopic.Checked topic = FindingsTopic.readAll(platform.kafkaBootstrap(), api.tenant());
        assertThat(topic.problems()).isEmpty();
        ExactComparison.Mismatches mismatches = new ExactComparison.Mismatches();
        mismatches.compare("detections (rule|actor) after the triggered actions", GroundTruthKeys.detections(truth),
                GroundTruthKeys.detectionRecords(topic.valid()));
        mismatches.compare("detections naming foreign audit events", List.of(),
                GroundTruthKeys.detectionsWithForeignEvents(truth, topic.valid()));
        mismatches.assertNone();

        List<Long> latencies = new java.util.ArrayList<>();
        for (var d : expected) {
            OcsfFinding record = topic.valid().stream().filter(f -> f.classUid() == OcsfFinding.CLASS_DETECTION_FINDING
                    && f.activityId() == 1 && f.findingInfo().analytic().uid().equals(d.detectionId())
                    && f.actor().user().uid().equals(d.actorAccountId())
                    && d.eventIds().contains(f.findingInfo().relatedEvents().get(0).uid())).findFirst()
                    .orElseThrow(() -> new AssertionError("no OCSF 2004 record for " + d));
            String findingId = record.findingInfo().uid();
            assertThat(Waits.until(() -> deliveryFor(findingId) != null, SETTLE, Duration.ofMillis(100)))
                    .as("webhook for detection %s", d).isTrue();
            WebhookReceiver.Delivery delivery = deliveryFor(findingId);
            assertThat(delivery.signatureValid()).isTrue();
            String scenario = dev.canopy.simulator.generate.AuditActivity.SCENARIOS.entrySet().stream()
                    .filter(e -> e.getValue().equals(d.detectionId())).map(Map.Entry::getKey).findFirst()
                    .orElse("first-seen-admin");
            latencies.add(delivery.receivedAtMillis() - triggeredAt.get(scenario));
        }
        latencies.sort(Long::compare);
        System.out.printf("risky audit action → webhook (incl. the incremental sync): %d detections, p50 %d ms, "
                + "max %d ms%n", latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
    }

    private static WebhookReceiver.Delivery deliveryFor(String findingId) {
        return platform.webhooks().deliveries().stream().filter(d -> findingId.equals(findingIdOf(d))).findFirst().orElse(null);
    }

    static String findingIdOf(WebhookReceiver.Delivery d) {
        try {
            return JSON.readTree(d.body()).path("data").path("findingId").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static void assertAllFindingsNotified(Set<String> findingIds, ExactComparison.Mismatches mismatches) {
        Waits.until(() -> notified().containsAll(findingIds), SETTLE, Duration.ofMillis(500));
        List<WebhookReceiver.Delivery> deliveries = platform.webhooks().deliveries();
        assertThat(deliveries).as("webhook deliveries").isNotEmpty();
        assertThat(deliveries).as("every signature verifies with the subscription secret")
                .allMatch(WebhookReceiver.Delivery::signatureValid);
        mismatches.compare("findings notified by webhook", findingIds.stream().sorted().toList(),
                notified().stream().filter(findingIds::contains).sorted().toList());
        Map<String, Long> perId = deliveries.stream().collect(Collectors.groupingBy(WebhookReceiver.Delivery::webhookId,
                Collectors.counting()));
        System.out.printf("webhooks: %d deliveries, %d distinct webhook-ids, all signatures valid%n", deliveries.size(),
                perId.size());
    }

    private static Set<String> notified() {
        return platform.webhooks().deliveries().stream().map(FullFlowE2ETest::findingIdOf)
                .filter(id -> id != null && !id.isEmpty()).collect(Collectors.toSet());
    }
}
