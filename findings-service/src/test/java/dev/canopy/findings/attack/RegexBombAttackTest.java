package dev.canopy.findings.attack;

import static dev.canopy.findings.FindingsTestSupport.findings;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Attack: a tenant admin saves a rule whose RE2 program explodes (nested counted repetition: OutOfMemoryError while
 * compiling) or that is cheap to write but slow to run over every text, to take DLP down for every tenant (the REST
 * scan ran on the event loop and the content consumer is shared by all tenants).
 */
@QuarkusTest
class RegexBombAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    private static Response addRule(String tenant, Map<String, Object> rule) {
        return given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON).body(rule)
                .post("/api/v1/dlp/rules");
    }

    @Test
    void aNestedRepetitionRuleIsRefusedAtSaveTimeNamingTheRegex() {
        String tenant = TestEvents.uniqueTenant("bomb");
        addRule(tenant, Map.of("id", "bomb", "regex", "((a{1000}){1000}){1000}", "keywords", List.of("aaa"),
                "severity", "HIGH")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("regex")).body("errors[0].message", startsWith("regex: "));
        // the keyword-less rule that took 263 s over 900k chars
        addRule(tenant, Map.of("id", "slow", "regex", "(?:[\\s\\S]{1000}){100}", "severity", "HIGH")).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("regex"));
        // the service is still fine and a sane rule is accepted
        addRule(tenant, Map.of("id", "emp", "regex", "EMP-[0-9]{6}", "severity", "HIGH")).then().statusCode(201);
    }

    @Test
    void theGitleaksImportRejectsTheSameRulesAndListsWhy() {
        String tenant = TestEvents.uniqueTenant("bomb-import");
        String toml = """
                [[rules]]
                id = "bomb"
                regex = '''((a{1000}){1000}){1000}'''
                keywords = ["aaa"]

                [[rules]]
                id = "slow-everywhere"
                regex = '''(?:[\\s\\S]{1000}){100}'''

                [[rules]]
                id = "acme-token"
                regex = '''acme_tok_[a-z0-9]{20}'''
                keywords = ["acme_tok_"]
                """;
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType("text/plain").body(toml)
                .post("/api/v1/dlp/rulesets").then().statusCode(201).body("imported", equalTo(1))
                .body("rejected.ruleId", equalTo(List.of("bomb", "slow-everywhere")))
                .body("rejected[0].reason", org.hamcrest.Matchers.containsString("instructions"));
    }

    /** Random words: "th" everywhere, so a rule gated by that keyword runs over the whole text. */
    static String words(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        Random rnd = new Random(3);
        while (sb.length() < chars) {
            sb.append(rnd.nextInt(5) == 0 ? "th" : String.valueOf((char) ('a' + rnd.nextInt(26))));
            if (rnd.nextInt(6) == 0) {
                sb.append(' ');
            }
        }
        return sb.substring(0, chars);
    }

    @Test
    void aRuleThatPassesTheSaveChecksButIsSlowIsStoppedByItsBudgetAndReported() {
        String tenant = TestEvents.uniqueTenant("bomb-budget");
        // ~2 000 instructions, accepted (it has a keyword), but its keyword is everywhere: several seconds per 150k chars
        // (a Unicode class, which the engine's DFA gates don't translate: with [a-z ] a gate rules the windows out)
        addRule(tenant, Map.of("id", "slow", "regex", "[\\pL ]{0,1000}qqqq", "keywords", List.of("th"),
                "severity", "LOW")).then().statusCode(201);
        String text = words(150_000) + " ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

        long t0 = System.nanoTime();
        given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/api/v1/dlp/scan").then().statusCode(200).body("budgetExceeded", equalTo(List.of("custom:slow")))
                .body("matches.detector", hasItem("github-pat"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered within the per-rule budget, not minutes")
                .isLessThan(Duration.ofSeconds(15));

        // the shared content consumer: the rule is stopped, reported on the tenant's engine status, and the page's
        // other findings (and the pages after it) are still processed
        events.send(tenant, Instant.now(), page("slow-1", text));
        events.send(tenant, Instant.now(), page("next-1", "token ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(2));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/dlp/status").then().statusCode(200)
                .body("budgetExceeded.detector", hasItem("custom:slow"))
                .body("budgetExceeded.find { it.detector == 'custom:slow' }.source", equalTo("content"));
    }

    static ContentData page(String contentId, String text) {
        return new ContentData("site-1", contentId, "page", "space-1", null, "Page " + contentId, 1, "current",
                "author-1", Instant.now(), "https://acme.example/wiki/" + contentId, "text/plain", 0, 1, 0, 0,
                text.length(), text);
    }
}
