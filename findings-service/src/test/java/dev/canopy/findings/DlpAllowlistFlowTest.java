package dev.canopy.findings;

import static dev.canopy.findings.DlpFlowTest.chunk;
import static dev.canopy.findings.FindingsTestSupport.findings;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * "Not a secret": a tenant allowlists a finding's value by its evidence hash; the finding is suppressed with the
 * reason, re-scans of the page and the same value on another page open nothing, removal is audited and lets the value
 * be reported again. Real Kafka broker and PostgreSQL.
 */
@QuarkusTest
class DlpAllowlistFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    /** A GitHub-token-shaped value, assembled at run time (never a literal in the source). */
    static String token(long seed) {
        Random r = new Random(seed);
        String an = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("ghp_");
        for (int i = 0; i < 36; i++) {
            sb.append(an.charAt(r.nextInt(an.length())));
        }
        return sb.toString();
    }

    /** The page's DLP finding; an AssertionError (which await() retries) while it is not there yet. */
    private static Map<String, Object> openFinding(String tenant, String page) {
        return findings(tenant, "kind=dlp").stream()
                .filter(f -> String.valueOf(((Map<?, ?>) f.get("resource")).get("id")).endsWith(":" + page))
                .findFirst().orElseThrow(() -> new AssertionError("no DLP finding on page " + page + " yet"));
    }

    @Test
    void aValueMarkedNotASecretStaysSuppressedAndOpensNothingElsewhereUntilRemoved() {
        String tenant = TestEvents.uniqueTenant("allow");
        String admin = TestTokens.tenantAdmin(tenant);
        String reader = TestTokens.tenantReader(tenant);
        String fixture = token(1);
        String text = "CI fixture token " + fixture + " (revoked)\n";
        events.send(tenant, Instant.now(), chunk("a-1", 1, 0, 1, 0, text.length(), text));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=open")).hasSize(1));
        String id = (String) findings(tenant, "kind=dlp").get(0).get("id");

        // readers may not, bad ids are 400, unknown findings 404 — all problem+json
        given().auth().oauth2(reader).contentType(ContentType.JSON).body(Map.of("findingId", id, "reason", "x"))
                .post("/api/v1/dlp/allowlist").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("findingId", "nope", "reason", "x"))
                .post("/api/v1/dlp/allowlist").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("findingId", id, "reason", " "))
                .post("/api/v1/dlp/allowlist").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("findingId", "00000000-0000-0000-0000-000000000000", "reason", "x"))
                .post("/api/v1/dlp/allowlist").then().statusCode(404).contentType("application/problem+json");
        // another tenant's finding is unknown
        given().auth().oauth2(TestTokens.tenantAdmin(TestEvents.uniqueTenant("other"))).contentType(ContentType.JSON)
                .body(Map.of("findingId", id, "reason", "x")).post("/api/v1/dlp/allowlist").then().statusCode(404);

        String entryId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("findingId", id, "reason", "revoked CI fixture")).post("/api/v1/dlp/allowlist").then()
                .statusCode(201).body("created", equalTo(true)).body("suppressedFindings", equalTo(List.of(id)))
                .body("entry.detector", equalTo("github-pat")).body("entry.reason", equalTo("revoked CI fixture"))
                .body("entry.createdBy", org.hamcrest.Matchers.notNullValue())
                .extract().path("entry.id");
        given().auth().oauth2(reader).get("/api/v1/findings/" + id).then().statusCode(200)
                .body("status", equalTo("suppressed"))
                .body("suppression.reason", equalTo("not a secret: revoked CI fixture"))
                .body("history.reason", hasItem("not a secret: revoked CI fixture"));
        // marking it again answers the existing entry
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("findingId", id, "reason", "again"))
                .post("/api/v1/dlp/allowlist").then().statusCode(200).body("created", equalTo(false))
                .body("entry.id", equalTo(entryId)).body("entry.reason", equalTo("revoked CI fixture"));

        // a new version with the same value, and the same value on another page next to a live one
        String live = token(2);
        String v2 = "moved\nCI fixture token " + fixture + "\n";
        events.send(tenant, Instant.now(), chunk("a-1", 2, 0, 1, 0, v2.length(), v2));
        String other = "deploy with " + fixture + " and " + live + "\n";
        events.send(tenant, Instant.now(), chunk("a-2", 1, 0, 1, 0, other.length(), other));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=open")).hasSize(1));
        assertThat(findings(tenant, "kind=dlp")).hasSize(2);
        assertThat(openFinding(tenant, "a-2").get("status")).isEqualTo("open");
        given().auth().oauth2(reader).get("/api/v1/findings/" + id).then().body("status", equalTo("suppressed"));

        given().auth().oauth2(reader).get("/api/v1/dlp/allowlist").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(entryId)).body("maxEntries", equalTo(3));

        // the allowlist is bounded per tenant (3 in tests): 409 problem once full
        for (int i = 3; i <= 5; i++) {
            String t = "more " + token(i) + "\n";
            events.send(tenant, Instant.now(), chunk("m-" + i, 1, 0, 1, 0, t.length(), t));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp&status=open")).hasSize(4));
        for (int i = 3; i <= 5; i++) {
            String fid = (String) openFinding(tenant, "m-" + i).get("id");
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("findingId", fid, "reason", "test " + i))
                    .post("/api/v1/dlp/allowlist").then().statusCode(i < 5 ? 201 : 409)
                    .contentType(i < 5 ? "application/json" : "application/problem+json");
        }

        // removal is audited; the next scan reports the value again (the suppressed finding stays suppressed)
        given().auth().oauth2(reader).delete("/api/v1/dlp/allowlist/" + entryId).then().statusCode(403);
        given().auth().oauth2(admin).queryParam("reason", "it was live after all").delete("/api/v1/dlp/allowlist/" + entryId)
                .then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v1/dlp/allowlist/" + entryId).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(reader).get("/api/v1/dlp/allowlist/audit").then().statusCode(200)
                .body("[0].action", equalTo("removed")).body("[0].entryId", equalTo(entryId))
                .body("[0].reason", equalTo("it was live after all"))
                .body("findAll { it.entryId == '" + entryId + "' }.action", equalTo(List.of("removed", "added")));
        String v3 = "again\n" + fixture + "\n";
        events.send(tenant, Instant.now(), chunk("a-3", 1, 0, 1, 0, v3.length(), v3));
        await().atMost(WAIT).untilAsserted(() -> assertThat(openFinding(tenant, "a-3").get("status")).isEqualTo("open"));
        given().auth().oauth2(reader).get("/api/v1/findings/" + id).then().body("status", equalTo("suppressed"));
        assertThat(given().auth().oauth2(reader).get("/api/v1/dlp/allowlist/audit").asString()).doesNotContain(fixture);
    }
}
