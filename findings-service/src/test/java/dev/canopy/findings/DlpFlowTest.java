package dev.canopy.findings;

import static dev.canopy.findings.FindingsTestSupport.findings;
import static dev.canopy.findings.FindingsTestSupport.ocsfRecords;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** DLP wired into findings-service: content events on the real broker, findings in PostgreSQL, REST scanning. */
@QuarkusTest
class DlpFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    // assembled at run time so the literal token never sits in one piece in the source
    private static final String SECRET = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    static ContentData chunk(String contentId, int version, int chunk, int chunks, long offset, long total, String text) {
        return new ContentData("site-1", contentId, "page", "space-1", null, "Runbook " + contentId, version, "current",
                "author-1", Instant.now(), "https://acme.example/wiki/" + contentId, "text/plain", chunk, chunks, offset,
                0, total, text);
    }

    @Test
    void aSecretAcrossChunksIsFoundOnceResolvedByANewVersionAndPublishedAsOcsf2006WithoutTheRawValue() {
        String tenant = TestEvents.uniqueTenant("dlp");
        String text = "a".repeat(990) + " " + SECRET + " " + "b".repeat(1000);
        events.send(tenant, Instant.now(), chunk("p-1", 1, 0, 2, 0, text.length(), text.substring(0, 1000)));
        events.send(tenant, Instant.now(), chunk("p-1", 1, 1, 2, 1000, text.length(), text.substring(1000)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(1));
        var finding = findings(tenant, "kind=dlp").get(0);
        assertThat(finding.get("ruleId")).isEqualTo("github-pat");
        String detail = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + finding.get("id"))
                .then().statusCode(200).body("evidence.start", equalTo(991)).body("evidence.line", equalTo(1))
                .body("evidence.contentVersion", equalTo(1)).body("srcUrl", equalTo("https://acme.example/wiki/p-1"))
                .extract().asString();
        assertThat(detail).doesNotContain(SECRET).contains("evidenceHash").contains("maskedSnippet");
        // why it fired: detector, keyword, check passed, entropy of the secret part (nothing of the value)
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + finding.get("id")).then()
                .body("evidence.why.detector", equalTo("github-pat")).body("evidence.why.trigger", equalTo("keyword"))
                .body("evidence.why.keyword", equalTo("ghp_")).body("evidence.why.validator", equalTo("not-example"))
                .body("evidence.why.validatorResult", equalTo("ok"))
                .body("evidence.why.entropy", org.hamcrest.Matchers.greaterThan(3.0f))
                .body("evidence.why.contextWords", empty());

        // same secret still there in version 2: seen again, not duplicated; gone in version 3: resolved
        String v2 = "moved\n" + SECRET + "\n";
        events.send(tenant, Instant.now(), chunk("p-1", 2, 0, 1, 0, v2.length(), v2));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/findings/" + finding.get("id")).then().body("evidence.contentVersion", equalTo(2))
                .body("evidence.line", equalTo(2)));
        events.send(tenant, Instant.now(), chunk("p-1", 3, 0, 1, 0, 12, "all cleaned."));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=resolved")).hasSize(1));
        assertThat(findings(tenant, "kind=dlp")).hasSize(1);

        // a deleted page resolves its findings
        events.send(tenant, Instant.now(), chunk("p-2", 1, 0, 1, 0, SECRET.length() + 6, "token " + SECRET));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=open")).hasSize(1));
        events.send(tenant, Instant.now(), new ContentDeletedData("site-1", "p-2", "page", "trashed"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=resolved")).hasSize(2));

        List<JsonNode> records = ocsfRecords(events, Topics.FINDINGS.name(), tenant, 4);
        OcsfClassValidator validator = OcsfClassValidator.fromSharedDir();
        for (JsonNode r : records) {
            assertThat(r.toString()).doesNotContain(SECRET);
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("_key", "_partition", "_offset"));
            assertThat(validator.validate(r)).as("OCSF 2006 conformance of %s", r).isEmpty();
            assertThat(r.path("class_uid").asInt()).isEqualTo(2006);
            assertThat(r.path("data_security").path("detection_pattern").asText()).isEqualTo("github-pat");
        }
        assertThat(records.stream().map(r -> r.path("activity_id").asInt()).toList()).containsExactlyInAnyOrder(1, 3, 1, 3);
    }

    /**
     * Versions that arrive together are applied in batches (one transaction each): the outcome is the one of applying
     * them one by one in order — two versions of one page in the same burst open and then resolve its finding, a
     * deletion after a page's version resolves what that version opened, the other pages each get their finding.
     */
    @Test
    void aBurstOfVersionsIsAppliedAsIfOneByOneInOrder() {
        String tenant = TestEvents.uniqueTenant("dlp-burst");
        List<dev.canopy.contracts.events.data.EntityData> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String text = "page " + i + " token " + SECRET;
            burst.add(chunk("q-" + i, 1, 0, 1, 0, text.length(), text));
        }
        String withSecret = "key " + SECRET;
        burst.add(chunk("b-1", 1, 0, 1, 0, withSecret.length(), withSecret));
        burst.add(chunk("b-1", 2, 0, 1, 0, 12, "all cleaned."));
        burst.add(chunk("b-2", 1, 0, 1, 0, withSecret.length(), withSecret));
        burst.add(new ContentDeletedData("site-1", "b-2", "page", "trashed"));
        events.sendAll(tenant, Instant.now(), burst);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(findings(tenant, "kind=dlp&status=open")).hasSize(30);
            assertThat(findings(tenant, "kind=dlp&status=resolved")).extracting(f -> (Object) ((Map<?, ?>) f.get("resource")).get("id"))
                    .containsExactlyInAnyOrder("site-1:b-1", "site-1:b-2");
        });
        assertThat(findings(tenant, "kind=dlp")).hasSize(32);
        // opened by version 1, resolved by version 2: both changes are in the history, in that order
        String b1 = String.valueOf(findings(tenant, "kind=dlp&resource=site-1:b-1").get(0).get("id"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + b1).then().statusCode(200)
                .body("history.to", equalTo(List.of("open", "resolved")));
    }

    @jakarta.inject.Inject
    io.smallrye.reactive.messaging.kafka.KafkaClientService kafkaClients;

    /**
     * A backlog (the consumer paused) in which each of ten pages gets six versions — with the secret, without, with,
     * ... — each round of versions followed by 60 other pages, so that consecutive versions of a page fall into
     * consecutive batches, which are scanned ahead and applied two at a time: every version must still be applied, in
     * order, so each page's finding has the whole history open → resolved → reopened → resolved → reopened → resolved.
     */
    @Test
    void versionsOfAPageInBatchesAppliedTogetherAreAppliedInOrder() {
        String tenant = TestEvents.uniqueTenant("dlp-order");
        List<dev.canopy.contracts.events.data.EntityData> backlog = new java.util.ArrayList<>();
        for (int version = 1; version <= 6; version++) {
            for (int page = 0; page < 10; page++) {
                String text = version % 2 == 1 ? "deploy key " + SECRET + " for page " + page : "rotated, nothing here";
                backlog.add(chunk("o-" + page, version, 0, 1, 0, text.length(), text));
            }
            for (int other = 0; other < 60; other++) {
                String text = "meeting notes " + version + "/" + other;
                backlog.add(chunk("n-" + version + "-" + other, 1, 0, 1, 0, text.length(), text));
            }
        }
        var consumer = kafkaClients.getConsumer("content-in");
        consumer.pause().await().atMost(WAIT);
        try {
            events.sendAll(tenant, Instant.now(), backlog);
        } finally {
            consumer.resume().await().atMost(WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=resolved")).hasSize(10));
        for (Map<String, Object> f : findings(tenant, "kind=dlp")) {
            given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + f.get("id")).then()
                    .statusCode(200).body("history.to", equalTo(List.of("open", "resolved", "reopened", "resolved",
                            "reopened", "resolved")));
        }
    }

    /**
     * Jira issues and comments and earlier page versions from a page history become findings that say where they are:
     * product, Jira project or Confluence space, "history (version N)" with who published it; they can be listed by
     * product, project, space and history; a version deleted from the history resolves its findings; OCSF stays valid.
     */
    @Test
    void jiraItemsAndPageHistoryVersionsAreFoundNamedAndFilterable() {
        String tenant = TestEvents.uniqueTenant("dlp-jira");
        Instant t = Instant.parse("2026-03-01T09:15:00Z");
        String issue = "Deploy is blocked\ntoken " + SECRET + "\n";
        events.send(tenant, Instant.now(), new ContentData("site-1", "issue/10001", "jira_issue", null, null,
                "ENG-1 Deploy is blocked", 196_000_000, "current", "author-1", t, "https://acme.example/browse/ENG-1", null,
                0, 1, 0, 0, issue.length(), issue, "ENG"));
        String comment = "here is mine: " + SECRET.replace('a', 'z');
        events.send(tenant, Instant.now(), new ContentData("site-1", "comment/10005", "jira_comment", null, "issue/10001",
                "Comment on ENG-1", 196_000_100, "current", "author-2", t, "https://acme.example/browse/ENG-1?focusedCommentId=10005",
                null, 0, 1, 0, 0, comment.length(), comment, "ENG"));
        String old = "old runbook\nkey " + SECRET + "\n";
        events.send(tenant, Instant.now(), new ContentData("site-1", "p-7@v2", "page", "space-9", null, "Runbook", 2,
                ContentData.HISTORICAL, "author-3", t, "https://acme.example/wiki/p-7", null, 0, 1, 0, 0, old.length(), old));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(3));

        assertThat(findings(tenant, "product=jira")).extracting(f -> (Object) ((Map<?, ?>) f.get("resource")).get("id"))
                .containsExactlyInAnyOrder("site-1:issue/10001", "site-1:comment/10005");
        assertThat(findings(tenant, "product=jira&project=ENG")).hasSize(2);
        assertThat(findings(tenant, "product=jira&project=OPS")).isEmpty();
        assertThat(findings(tenant, "product=confluence")).extracting(f -> (Object) ((Map<?, ?>) f.get("resource")).get("id")).containsExactly("site-1:p-7@v2");
        assertThat(findings(tenant, "space=space-9&historical=true")).hasSize(1);
        assertThat(findings(tenant, "historical=false")).hasSize(2);
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings?product=bitbucket").then().statusCode(400);

        var history = findings(tenant, "historical=true").get(0);
        assertThat((String) history.get("title")).contains("history (version 2)");
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + history.get("id")).then()
                .body("evidence.historical", equalTo(true)).body("evidence.versionAuthor", equalTo("author-3"))
                .body("evidence.versionDate", equalTo(t.toString())).body("remediation", org.hamcrest.Matchers.containsString("version 2 from the page history"));
        var jira = findings(tenant, "product=jira&resource=site-1:issue/10001").get(0);
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + jira.get("id")).then()
                .body("srcUrl", equalTo("https://acme.example/browse/ENG-1")).body("evidence.projectKey", equalTo("ENG"))
                .body("evidence.product", equalTo("jira"));

        // the version deleted from the page history: its finding resolves
        events.send(tenant, Instant.now(), new ContentDeletedData("site-1", "p-7@v2", "page", "not-found-at-source"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "historical=true&status=resolved")).hasSize(1));

        OcsfClassValidator validator = OcsfClassValidator.fromSharedDir();
        for (JsonNode r : ocsfRecords(events, Topics.FINDINGS.name(), tenant, 4)) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("_key", "_partition", "_offset"));
            assertThat(validator.validate(r)).as("OCSF 2006 conformance of %s", r).isEmpty();
        }
    }

    @Test
    void aChunkWithoutItsPredecessorsGoesToTheDeadLetterTopic() {
        String tenant = TestEvents.uniqueTenant("dlp-gap");
        events.send(tenant, Instant.now(), chunk("p-9", 1, 1, 2, 1000, 2000, "x".repeat(1000)));
        events.awaitRecords(Topics.FINDINGS_DLQ.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid"))
                && TestEvents.header(r, "dead-letter-reason").contains("without its earlier chunks"), 1, WAIT);
    }

    @Test
    void theScanEndpointUsesTheTenantsConfigurationAndStoresNothing() {
        String tenant = TestEvents.uniqueTenant("scan");
        String admin = TestTokens.tenantAdmin(tenant);
        String text = "line one\nline two\nkey: " + SECRET + " end\n";
        String body = given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/v1/dlp/scan").then().statusCode(200)
                .body("matches.detector", hasItem("github-pat"))
                .body("matches.find { it.detector == 'github-pat' }.line", equalTo(3))
                .body("matches.find { it.detector == 'github-pat' }.start", equalTo(text.indexOf(SECRET)))
                .extract().asString();
        assertThat(body).doesNotContain(SECRET);
        assertThat(findings(tenant, null)).isEmpty();
        // each match says why it fired
        String card = "paid by card 4111 1111 1111 1111\napi_key = \"q8Zr2Lx9Vb4Nw7Tk1Hs6\"\n";
        String why = given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("text", card)).post("/api/v1/dlp/scan").then().statusCode(200)
                .body("matches.find { it.detector == 'credit-card' }.why.validator", equalTo("luhn"))
                .body("matches.find { it.detector == 'credit-card' }.why.validatorResult", equalTo("ok"))
                .body("matches.find { it.detector == 'credit-card' }.why.contextWords", equalTo(List.of("card")))
                .body("matches.find { it.detector == 'credit-card' }.why.baseConfidence", equalTo(0.6f))
                .body("matches.find { it.detector == 'generic-secret-assignment' }.why.keyword", equalTo("api_key"))
                .body("matches.find { it.detector == 'generic-secret-assignment' }.why.minEntropy", equalTo(3.0f))
                .body("matches.find { it.detector == 'generic-secret-assignment' }.why.entropy",
                        org.hamcrest.Matchers.greaterThan(3.0f))
                .extract().asString();
        assertThat(why).doesNotContain("4111 1111", "q8Zr2Lx9Vb4Nw7Tk1Hs6");

        // built-ins can be switched off
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of("github-pat")))
                .put("/api/v1/dlp/config/disabled-builtins").then().statusCode(200).body("disabledBuiltIns", equalTo(List.of("github-pat")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of("no-such-detector")))
                .put("/api/v1/dlp/config/disabled-builtins").then().statusCode(400).body("errors[0].field", equalTo("ids"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", text)).post("/api/v1/dlp/scan")
                .then().statusCode(200).body("matches.detector", not(hasItem("github-pat")));

        // off-by-default built-ins (test-mode keys here) run only once the tenant switches them on
        String testKey = "stripe test key sk_test_" + "4eC39HqLyjWDarjtT1zdp7dcXyZ";
        given().auth().oauth2(admin).get("/api/v1/dlp/detectors").then().statusCode(200)
                .body("find { it.id == 'stripe-test-key' }.enabled", equalTo(false))
                .body("find { it.id == 'stripe-test-key' }.enabledByDefault", equalTo(false))
                .body("find { it.id == 'github-pat' }.enabled", equalTo(false))
                .body("find { it.id == 'stripe-secret-key' }.enabled", equalTo(true));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", testKey)).post("/api/v1/dlp/scan")
                .then().statusCode(200).body("matches.detector", not(hasItem("stripe-test-key")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of("stripe-secret-key")))
                .put("/api/v1/dlp/config/enabled-builtins").then().statusCode(400).body("errors[0].field", equalTo("ids"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of("stripe-test-key")))
                .put("/api/v1/dlp/config/enabled-builtins").then().statusCode(200)
                .body("enabledBuiltIns", equalTo(List.of("stripe-test-key")));
        given().auth().oauth2(admin).get("/api/v1/dlp/detectors").then().statusCode(200)
                .body("find { it.id == 'stripe-test-key' }.enabled", equalTo(true));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", testKey)).post("/api/v1/dlp/scan")
                .then().statusCode(200).body("matches.detector", hasItem("stripe-test-key"));

        // tenant patterns: RE2 regex, keywords, minimum occurrences
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "employee-id", "regex",
                "EMP-[0-9]{6}", "keywords", List.of("EMP-"), "minOccurrences", 2, "severity", "high"))
                .post("/api/v1/dlp/rules").then().statusCode(201).body("customRules[0].id", equalTo("employee-id"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "bad", "regex", "(?=x)y",
                "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(400).body("errors[0].field", equalTo("regex"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("id", "x", "regex", "x+", "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", "badge EMP-123456 only once"))
                .post("/api/v1/dlp/scan").then().statusCode(200).body("matches", empty());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", "EMP-123456 and EMP-654321"))
                .post("/api/v1/dlp/scan").then().statusCode(200).body("matches.detector", hasItem("custom:employee-id"));

        // gitleaks rule sets can be imported
        String toml = """
                [[rules]]
                id = "acme-internal-token"
                description = "ACME internal token"
                regex = '''acme_tok_[a-z0-9]{20}'''
                keywords = ["acme_tok_"]
                """;
        given().auth().oauth2(admin).contentType("text/plain").body(toml).queryParam("name", "acme")
                .post("/api/v1/dlp/rulesets").then().statusCode(201).body("imported", equalTo(1));
        String found = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("text", "use acme_tok_k3j4h5g6f7d8s9a0q1w2 here")).post("/api/v1/dlp/scan").then()
                .statusCode(200).extract().path("matches[0].detector");
        assertThat(found).contains("acme-internal-token");

        // size limit
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("text", "x".repeat(200_001)))
                .post("/api/v1/dlp/scan").then().statusCode(413).contentType("application/problem+json");
        // other tenants are unaffected by this tenant's configuration
        given().auth().oauth2(TestTokens.tenantReader(TestEvents.uniqueTenant("other"))).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/v1/dlp/scan").then().statusCode(200)
                .body("matches.detector", hasItem("github-pat"));
    }
}
