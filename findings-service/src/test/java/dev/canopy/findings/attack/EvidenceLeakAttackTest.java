package dev.canopy.findings.attack;

import static dev.canopy.findings.FindingsTestSupport.findings;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Attack: a tenant reader recovers values from "masked" evidence — a neighbouring value shown in another match's
 * context, masks that keep first/last characters and the length (an SSN is then a few guesses), custom-rule
 * evidence that shows everything outside the rule's group.
 */
@QuarkusTest
class EvidenceLeakAttackTest {
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    static List<Map<String, Object>> scan(String tenant, String text) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/v1/dlp/scan").then().statusCode(200).extract().jsonPath()
                .getList("matches");
    }

    static List<String> snippets(List<Map<String, Object>> matches) {
        return matches.stream().map(m -> (String) m.get("maskedSnippet")).toList();
    }

    @Test
    void aNeighbouringCardNumberDoesNotShowInTheEmailsSnippet() {
        String tenant = TestEvents.uniqueTenant("leak");
        var matches = scan(tenant, "mail jane.doe@example.org, card 4111 1111 1111 1111");
        assertThat(matches).extracting(m -> m.get("detector")).contains("email", "credit-card");
        for (String s : snippets(matches)) {
            assertThat(s).doesNotContain("4111 1111").doesNotContain("1111 1111").doesNotContain("jane.doe")
                    .doesNotContain("jane");
        }
    }

    @Test
    void anSsnMaskKeepsNoDigitAndNoLength() {
        String tenant = TestEvents.uniqueTenant("leak-ssn");
        List<String> a = snippets(scan(tenant, "SSN: 536-22-1234"));
        List<String> b = snippets(scan(tenant, "SSN: 536-22-1299"));
        assertThat(a).hasSize(1);
        assertThat(a.get(0)).doesNotContainPattern("[0-9]");
        assertThat(a).as("two SSNs give the same evidence: nothing to brute force").isEqualTo(b);
    }

    @Test
    void customRuleEvidenceMasksTheWholeMatchWithAFixedLengthMask() {
        String tenant = TestEvents.uniqueTenant("leak-custom");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("id", "patient", "regex", "PAT-([0-9]{4,10})", "keywords", List.of("PAT-"),
                        "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(201);
        List<String> shortId = snippets(scan(tenant, "patient PAT-1234 seen"));
        List<String> longId = snippets(scan(tenant, "patient PAT-1234567890 seen"));
        assertThat(shortId).hasSize(1);
        assertThat(shortId.get(0)).doesNotContain("PAT-").doesNotContainPattern("[0-9]");
        assertThat(shortId).as("no length leak").isEqualTo(longId);
    }

    @Test
    void storedFindingsFromContentDoNotLeakNeighboursEither() {
        String tenant = TestEvents.uniqueTenant("leak-stored");
        String text = "mail jane.doe@example.org, card 4111 1111 1111 1111";
        events.send(tenant, Instant.now(), RegexBombAttackTest.page("pii-1", text));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(2));
        for (var f : findings(tenant, "kind=dlp")) {
            String detail = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + f.get("id"))
                    .then().statusCode(200).extract().asString();
            assertThat(detail).doesNotContain("4111 1111").doesNotContain("1111 1111").doesNotContain("jane.doe");
        }
    }
}
