package dev.canopy.findings;

import static dev.canopy.findings.FindingsTestSupport.ocsfRecords;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Threat detections end to end on the real broker and database: audit events and user records on the inventory
 * topic, through the Kafka Streams processor and the detections topic, to Detection Findings over REST and OCSF 2004
 * records on the findings topic; settings, tenant isolation, lifecycle and replays.
 */
@QuarkusTest
class DetectionFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final TestEvents events = new TestEvents();
    private int seq;

    @Test
    void riskyActionsBecomeDetectionFindingsOnceAndOcsf2004Records() {
        String tenant = TestEvents.uniqueTenant("detect");
        String bystander = TestEvents.uniqueTenant("quiet");
        Instant now = Instant.now();
        directory(tenant, now);
        List<AuditEventData> audit = new ArrayList<>();
        // benign look-alikes first: product access, an allowlist edited but left on, a few spread-out changes
        audit.add(event(tenant, "user_granted_role", "admin-1", now.minusSeconds(600), ctx("roles", "confluence/user",
                Map.of("role", "confluence/user"))));
        audit.add(event(tenant, "policy_updated", "admin-1", now.minusSeconds(590), ctx("policies", "p-1",
                Map.of("policyType", "ip-allowlist", "oldStatus", "enabled", "newStatus", "enabled"))));
        audit.add(event(tenant, "app_installed", "admin-1", now.minusSeconds(580), ctx("apps", "com.example.reports",
                Map.of("scopes", List.of("READ")))));
        // risky actions
        audit.add(event(tenant, "added_org_admin", "admin-1", now.minusSeconds(300), ctx("users", "member-1",
                Map.of("email", "m@example.com"))));
        audit.add(event(tenant, "api_token_created", "guest-1", now.minusSeconds(290), ctx("api-tokens", "t-1",
                Map.of("label", "script"))));
        for (int i = 0; i < 25; i++) {
            audit.add(event(tenant, "space_permission_added", "member-1", now.minusSeconds(200 - i), ctx("spaces", "98",
                    Map.of("key", "ENG"))));
        }
        audit.forEach(e -> events.send(tenant, now, e));

        await().atMost(WAIT).untilAsserted(() -> assertThat(rules(tenant))
                .containsExactlyInAnyOrder("org-admin-granted", "external-user-api-token-created", "permission-change-burst"));
        // the same audit events again (a connector re-read): the same detections, no new findings
        audit.forEach(e -> events.send(tenant, now, e));

        List<JsonNode> records = ocsfRecords(events, Topics.FINDINGS.name(), tenant, 3);
        OcsfClassValidator validator = OcsfClassValidator.fromSharedDir();
        for (JsonNode r : records) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("_key", "_partition", "_offset"));
            assertThat(r.path("class_uid").asInt()).isEqualTo(2004);
            assertThat(r.path("is_alert").asBoolean()).isTrue();
            assertThat(validator.validate(r)).as("OCSF 2004 conformance of %s", r).isEmpty();
        }
        JsonNode burst = records.stream().filter(r -> r.path("finding_info").path("analytic").path("uid").asText()
                .equals("permission-change-burst")).findFirst().orElseThrow();
        assertThat(burst.path("actor").path("user").path("uid").asText()).isEqualTo("member-1");
        assertThat(burst.path("evidences").get(0).path("api").path("operation").asText()).isEqualTo("space_permission_added");
        List<String> related = new ArrayList<>();
        burst.path("finding_info").path("related_events").forEach(n -> related.add(n.path("uid").asText()));
        assertThat(related).hasSize(20).isSubsetOf(audit.stream().map(AuditEventData::eventId).toList());

        String grant = detection(tenant, "org-admin-granted");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reason", "planned: new org admin for the migration")).post("/api/v1/findings/" + grant + "/resolve")
                .then().statusCode(200).body("status", equalTo("resolved"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/findings/" + grant + "/resolve").then().statusCode(403);
        // the replayed grant neither reopens the resolved detection nor opens a second one
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(rules(tenant)).hasSize(3);
            given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + grant).then()
                    .statusCode(200).body("status", equalTo("resolved"));
        });
        assertThat(given().auth().oauth2(TestTokens.tenantReader(bystander)).get("/api/v1/detections").then()
                .statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(given().auth().oauth2(TestTokens.tenantReader(bystander)).get("/api/v1/findings/" + grant).then()
                .extract().statusCode()).isEqualTo(404);
    }

    @Test
    void settingsAreValidatedPerTenantAndHonouredByTheProcessor() {
        String tenant = TestEvents.uniqueTenant("detset");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("thresholds", Map.of("permissionBurstCount", 1_000_000))).put("/api/v1/detections/settings")
                .then().statusCode(400).body("errors[0].field", equalTo("thresholds.permissionBurstCount"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("disabledRules", List.of("no-such-rule"))).put("/api/v1/detections/settings")
                .then().statusCode(400);
        given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("enabled", false)).put("/api/v1/detections/settings").then().statusCode(403);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("excludedAccounts", List.of("svc-backup"), "disabledRules", List.of("site-export"),
                        "thresholds", Map.of("massDeletionCount", 5)))
                .put("/api/v1/detections/settings").then().statusCode(200)
                .body("effectiveThresholds.massDeletionCount", equalTo(5))
                .body("effectiveThresholds.permissionBurstCount", equalTo(20));
        var rules = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/detections/rules").then()
                .statusCode(200).extract().jsonPath();
        assertThat(rules.getList("id")).hasSize(19).contains("impossible-travel", "first-seen-admin-actor");
        assertThat(rules.getList("findAll { !it.enabled }.id")).containsExactly("site-export");

        Instant now = Instant.now();
        // wait until the processor's settings cache has the change (refreshed every second in tests)
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        for (int i = 0; i < 6; i++) {
            events.send(tenant, now, event(tenant, "page_trashed", "svc-backup", now.minusSeconds(60 - i), ctx("pages",
                    "p" + i, Map.of())));
            events.send(tenant, now, event(tenant, "page_trashed", "member-2", now.minusSeconds(60 - i), ctx("pages",
                    "q" + i, Map.of())));
        }
        events.send(tenant, now, event(tenant, "site_exported", "member-2", now, ctx("exports", "x", Map.of())));
        events.send(tenant, now, event(tenant, "space_exported", "member-2", now, ctx("spaces", "98", Map.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(rules(tenant)).contains("mass-deletion", "space-export"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var items = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/detections").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(items.getList("items.ruleId")).containsExactlyInAnyOrder("mass-deletion", "space-export");
            assertThat(items.getList("items.resourceName").toString()).doesNotContain("svc-backup");
        });
    }

    private void directory(String tenant, Instant now) {
        events.send(tenant, now, new UserData("admin-1", "admin@example.com", "Ada Admin", "active", "active",
                "atlassian", true, true, List.of("atlassian/org-admin"), now, null));
        events.send(tenant, now, new UserData("member-1", "m@example.com", "Max Member", "active", "active",
                "atlassian", true, true, List.of(), now, null));
        events.send(tenant, now, new UserData("guest-1", "g@partner.example", "Gus Guest", "active", "active",
                "atlassian", false, false, List.of(), now, null));
    }

    private AuditEventData event(String tenant, String action, String actor, Instant at, Map<String, Object> context) {
        return new AuditEventData(tenant + "-ev-" + (++seq), action, at, actor, actor, "203.0.113.9", null,
                Map.of("context", List.of(context)));
    }

    private static Map<String, Object> ctx(String type, String id, Map<String, Object> attributes) {
        return Map.of("type", type, "id", id, "attributes", attributes);
    }

    private static List<String> rules(String tenant) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/detections").then().statusCode(200)
                .extract().jsonPath().getList("items.ruleId");
    }

    private static String detection(String tenant, String rule) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("rule", rule).get("/api/v1/detections")
                .then().statusCode(200).extract().jsonPath().getString("items[0].id");
    }
}
