package dev.canopy.findings;

import static dev.canopy.findings.FindingsTestSupport.configureVendorAllowlist;
import static dev.canopy.findings.FindingsTestSupport.evaluated;
import static dev.canopy.findings.FindingsTestSupport.findingOf;
import static dev.canopy.findings.FindingsTestSupport.findings;
import static dev.canopy.findings.FindingsTestSupport.ocsfRecords;
import static dev.canopy.findings.FindingsTestSupport.syncRun;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.data.ConfluenceSpaceData.SpacePermission;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.domain.posture.PostureCatalog;
import dev.canopy.findings.domain.posture.PostureCheck;
import dev.canopy.findings.domain.posture.PostureEvaluator;
import dev.canopy.findings.domain.posture.Thresholds;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Posture end to end on the real broker and database: inventory events in, findings over REST and on the topic. */
@QuarkusTest
class PostureFlowTest {
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    private static final Duration WAIT = Duration.ofSeconds(45);
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Test
    void aFullSyncOfARiskyTenantOpensExactlyTheExpectedFindingsAndASafeTenantNone() {
        String risky = TestEvents.uniqueTenant("risky");
        String safe = TestEvents.uniqueTenant("safe");
        configureVendorAllowlist(risky);
        configureVendorAllowlist(safe);
        Instant now = Instant.now();
        List<EntityData> riskyInventory = PostureFixtures.risky(now);
        String riskyRun = syncRun(events, risky, "full", riskyInventory, false);
        String safeRun = syncRun(events, safe, "full", PostureFixtures.safe(now), false);

        await().atMost(WAIT).until(() -> evaluated(risky, riskyRun) && evaluated(safe, safeRun));

        Set<String> expected = PostureEvaluator.evaluate(risky, PostureCatalogInventories.of(riskyInventory, now),
                Thresholds.of(Map.of("appVendorAllowlist", List.of(PostureFixtures.ALLOWED_VENDOR))), Set.of())
                .findings().stream().map(d -> d.ruleId() + "@" + d.resourceId()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual = findings(risky, "kind=posture&status=open").stream()
                .map(f -> f.get("ruleId") + "@" + ((Map<?, ?>) f.get("resource")).get("id"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.stream().map(a -> a.substring(0, a.indexOf('@'))).collect(Collectors.toSet()))
                .as("every check fires on the risky tenant")
                .isEqualTo(PostureCatalog.checks().stream().map(PostureCheck::id).collect(Collectors.toSet()));
        assertThat(findings(safe, null)).as("the safe tenant has no finding").isEmpty();

        // counts agree with the listing; readers cannot suppress; other tenants see nothing of it
        Map<String, Object> counts = given().auth().oauth2(TestTokens.tenantReader(risky)).get("/api/v1/findings/counts")
                .then().statusCode(200).extract().jsonPath().getMap("byRule");
        assertThat(counts.values().stream().mapToInt(v -> ((Number) v).intValue()).sum()).isEqualTo(expected.size());
        Map<String, Object> byKind = given().auth().oauth2(TestTokens.tenantReader(risky)).get("/api/v1/findings/counts")
                .then().statusCode(200).extract().jsonPath().getMap("byKind");
        assertThat(byKind).containsOnlyKeys("posture").containsEntry("posture", expected.size());
        // the trend: every finding was first seen today, bucketed by kind and severity; bounded days; tenant-scoped
        List<Map<String, Object>> buckets = given().auth().oauth2(TestTokens.tenantReader(risky))
                .get("/api/v1/findings/trend?days=7").then().statusCode(200).extract().jsonPath().getList("buckets");
        assertThat(buckets).isNotEmpty().allSatisfy(b -> {
            // the UTC day the findings were first seen: the day the test began, or the next when it ran over midnight
            assertThat(b.get("day")).isIn(java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).toString(),
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
            assertThat(b.get("kind")).isEqualTo("posture");
        });
        assertThat(buckets.stream().mapToInt(b -> ((Number) b.get("count")).intValue()).sum()).isEqualTo(expected.size());
        assertThat(given().auth().oauth2(TestTokens.tenantReader(safe)).get("/api/v1/findings/trend")
                .then().statusCode(200).extract().jsonPath().getList("buckets")).isEmpty();
        given().auth().oauth2(TestTokens.tenantReader(risky)).get("/api/v1/findings/trend?days=91").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tenantReader(risky)).get("/api/v1/findings/trend?days=0").then()
                .statusCode(400);
        String id = (String) findingOf(risky, "jira-anyone-grant").get("id");
        given().auth().oauth2(TestTokens.tenantReader(safe)).get("/api/v1/findings/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tenantReader(risky)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).post("/api/v1/findings/" + id + "/suppress").then().statusCode(403);
        given().auth().oauth2(TestTokens.tenantAdmin(safe)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).post("/api/v1/findings/" + id + "/suppress").then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantReader(risky)).get("/api/v1/findings/" + id).then().statusCode(200)
                .body("remediation", org.hamcrest.Matchers.containsString("Permission schemes"))
                .body("history[0].to", equalTo("open"));
    }

    @Test
    void paginationFiltersAndSortingWalkEveryFindingOnce() {
        String tenant = TestEvents.uniqueTenant("pages");
        String run = syncRun(events, tenant, "full", PostureFixtures.risky(Instant.now()), false);
        await().atMost(WAIT).until(() -> evaluated(tenant, run));
        int total = findings(tenant, null).size();
        assertThat(total).isGreaterThan(20);

        List<String> ids = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        String cursor = null;
        do {
            var req = given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("limit", 4)
                    .queryParam("sort", "-severity");
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            var page = req.get("/api/v1/findings").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            page.<String>getList("items.severity").forEach(s -> ranks.add(List.of("info", "low", "medium", "high", "critical").indexOf(s)));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(ids).hasSize(total).doesNotHaveDuplicates();
        assertThat(ranks).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        assertThat(findings(tenant, "severity=critical")).allSatisfy(f -> assertThat(f.get("severity")).isEqualTo("critical"))
                .isNotEmpty();
        assertThat(findings(tenant, "resource=site-1:anon")).extracting(f -> f.get("ruleId")).containsExactly("space-anonymous-access");
        assertThat(findings(tenant, "from=" + Instant.now().plusSeconds(3600))).isEmpty();

        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("severity", "urgent").get("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("severity"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("sort", "color").get("/api/v1/findings")
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("cursor", "garbage").get("/api/v1/findings")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("from", "yesterday").get("/api/v1/findings")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().get("/api/v1/findings").then().statusCode(401);
    }

    @Test
    void aFixedSettingIsResolvedByTheNextFullSyncWhileASuppressionSurvivesAndChangesArePublishedInOrder() {
        String tenant = TestEvents.uniqueTenant("fix");
        var verified = new DomainData("dom-1", "fix.example", "dns", "verified");
        var admin = PostureFixtures.user("admin", List.of("org-admin"), true, false, "active", Instant.now());
        String run1 = syncRun(events, tenant, "full", List.of(verified, admin,
                PostureFixtures.space("docs", true, false, new SpacePermission("anonymous", null, "read:space"))), false);
        await().atMost(WAIT).until(() -> evaluated(tenant, run1));
        String spaceFinding = (String) findingOf(tenant, "space-anonymous-access").get("id");
        String adminFinding = (String) findingOf(tenant, "admin-without-mfa").get("id");
        String allowlistFinding = (String) findingOf(tenant, "ip-allowlist-missing").get("id");

        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reason", "break-glass account, hardware key pending"))
                .post("/api/v1/findings/" + adminFinding + "/suppress").then().statusCode(200)
                .body("status", equalTo("suppressed")).body("suppression.reason", equalTo("break-glass account, hardware key pending"));

        // second full run; its completion arrives before its events (other partitions lag): evaluation must wait
        String run2 = syncRun(events, tenant, "full", List.of(verified, admin,
                PostureFixtures.space("docs", false, false, new SpacePermission("group", "staff", "read:space"))), true);
        await().atMost(WAIT).until(() -> evaluated(tenant, run2));
        assertThat(status(tenant, spaceFinding)).isEqualTo("resolved");
        assertThat(status(tenant, adminFinding)).as("suppression survives re-evaluation").isEqualTo("suppressed");
        assertThat(status(tenant, allowlistFinding)).isEqualTo("open");

        // the space opens up again in an incremental run: the finding reopens (and nothing is resolved)
        String run3 = syncRun(events, tenant, "incremental", List.of(
                PostureFixtures.space("docs", true, false, new SpacePermission("anonymous", null, "read:space"))), false);
        await().atMost(WAIT).until(() -> evaluated(tenant, run3));
        assertThat(status(tenant, spaceFinding)).isEqualTo("reopened");
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + spaceFinding).then()
                .body("history.to", org.hamcrest.Matchers.contains("open", "resolved", "reopened"));

        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/findings/" + adminFinding + "/unsuppress").then().statusCode(200).body("status", equalTo("open"));

        int openedInRun1 = findings(tenant, null).size();
        List<JsonNode> records = ocsfRecords(events, Topics.FINDINGS.name(), tenant, openedInRun1 + 4);
        Map<String, List<JsonNode>> byFinding = new LinkedHashMap<>();
        for (JsonNode r : records) {
            byFinding.computeIfAbsent(r.path("finding_info").path("uid").asText(), k -> new ArrayList<>()).add(r);
            assertThat(r.get("_key").asText()).isEqualTo(tenant + "/finding/" + r.path("finding_info").path("uid").asText());
        }
        assertThat(activities(byFinding.get(spaceFinding))).containsExactly("1:1", "3:4", "2:1");
        assertThat(activities(byFinding.get(adminFinding))).containsExactly("1:1", "2:3", "2:1");
        for (List<JsonNode> changes : byFinding.values()) {
            List<Integer> seqs = changes.stream().map(c -> c.path("unmapped").path("change_seq").asInt()).toList();
            assertThat(seqs).as("changes of one finding in order").isSorted().doesNotHaveDuplicates();
        }

        OcsfClassValidator validator = OcsfClassValidator.fromSharedDir();
        for (JsonNode r : records) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("_key", "_partition", "_offset"));
            assertThat(validator.validate(r)).as("OCSF 2003 conformance of %s", r).isEmpty();
            assertThat(r.path("class_uid").asInt()).isEqualTo(2003);
        }
    }

    @Test
    void mutedChecksAreNotEvaluatedAndThresholdsArePerTenant() {
        String tenant = TestEvents.uniqueTenant("mute");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reason", "we accept public Jira projects")).put("/api/v1/posture/checks/jira-anyone-grant/mute")
                .then().statusCode(200).body("mutes[0].checkId", equalTo("jira-anyone-grant"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("dormantUserDays", 365)).put("/api/v1/posture/config/thresholds").then().statusCode(200);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("dormantUserDays", "soon")).put("/api/v1/posture/config/thresholds").then().statusCode(400)
                .body("errors[0].field", equalTo("dormantUserDays"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).put("/api/v1/posture/checks/no-such-check/mute").then().statusCode(404);

        String run = syncRun(events, tenant, "full", PostureFixtures.risky(Instant.now()), false);
        await().atMost(WAIT).until(() -> evaluated(tenant, run));
        Set<Object> rules = findings(tenant, null).stream().map(f -> f.get("ruleId")).collect(Collectors.toSet());
        assertThat(rules).doesNotContain("jira-anyone-grant", "user-dormant").contains("space-anonymous-access");

        var catalogue = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/posture/checks").then()
                .statusCode(200).extract().jsonPath();
        assertThat(catalogue.getList("id")).hasSize(PostureCatalog.checks().size());
        assertThat(catalogue.getString("find { it.id == 'jira-anyone-grant' }.mute.reason")).isEqualTo("we accept public Jira projects");
        assertThat(catalogue.getInt("find { it.id == 'user-dormant' }.thresholds.dormantUserDays")).isEqualTo(365);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndConsumptionContinues() {
        String tenant = TestEvents.uniqueTenant("poison");
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.INVENTORY.name(), tenant + "/user/x",
                "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("ce_tenantid", tenant.getBytes(StandardCharsets.UTF_8));
        events.sendRaw(poison);
        events.send(tenant, Instant.now(), PostureFixtures.space("open", true, false));

        events.awaitRecords(Topics.FINDINGS_DLQ.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid"))
                && TestEvents.header(r, "dead-letter-reason").contains("not a CloudEvent"), 1, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, null)).extracting(f -> f.get("ruleId"))
                .containsExactly("space-anonymous-access"));
    }

    @Test
    void aTenantCanHaveItsFindingsCopiedToItsOwnTopic() {
        String tenant = TestEvents.uniqueTenant("siem");
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings-stream").then().statusCode(200)
                .body("tenantTopicEnabled", equalTo(false));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("tenantTopicEnabled", true)).put("/api/v1/findings-stream").then().statusCode(200)
                .body("tenantTopic", equalTo(Topics.tenantFindings(tenant).name()));
        events.send(tenant, Instant.now(), PostureFixtures.space("open", true, false));

        List<JsonNode> copies = ocsfRecords(events, Topics.tenantFindings(tenant).name(), tenant, 1);
        assertThat(copies.get(0).path("metadata").path("tenant_uid").asText()).isEqualTo(tenant);
        assertThat(copies.get(0).path("finding_info").path("analytic").path("uid").asText()).isEqualTo("space-anonymous-access");
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        // on the management port (the API port serves no /q path)
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200);
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200);
        given().port(management.getPort()).get("/q/openapi").then().statusCode(200);
    }

    private static String status(String tenant, String id) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + id).then().statusCode(200)
                .extract().path("status");
    }

    private static List<String> activities(List<JsonNode> changes) {
        return changes.stream().map(c -> c.path("activity_id").asInt() + ":" + c.path("status_id").asInt()).toList();
    }

    /** Builds the evaluator's inventory from fixture entities, as the store would. */
    static final class PostureCatalogInventories {
        static dev.canopy.findings.domain.posture.PostureInventory of(List<EntityData> entities, Instant now) {
            return dev.canopy.findings.domain.posture.PostureCatalogTest.inventoryAt(entities, true, now);
        }
    }

}
