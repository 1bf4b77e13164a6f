package dev.canopy.findings.attack;

import static dev.canopy.findings.FindingsTestSupport.findings;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Attack: a tenant reader sees a stored finding's evidence hash (an SSN on a page), then asks {@code /dlp/scan} to
 * hash candidate values with the same tenant salt and compares: the 10^4 serials of a known area and group are a few
 * requests. Stored fingerprints must be keyed with a server secret and the scan endpoint must return nothing
 * comparable.
 */
@QuarkusTest
class FingerprintBruteForceAttackTest {
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Test
    void scanHashesCannotBeMatchedAgainstStoredFindings() {
        String tenant = TestEvents.uniqueTenant("brute");
        String ssn = "536-22-1234";
        events.send(tenant, Instant.now(), RegexBombAttackTest.page("hr-1", "Employee record. SSN: " + ssn + "\n"));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(1));
        Object id = findings(tenant, "kind=dlp").get(0).get("id");
        String stored = given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + id).then()
                .statusCode(200).extract().path("evidence.evidenceHash");
        assertThat(stored).isNotBlank();

        // the attacker's guesses, the right one among them, hashed by the scan endpoint
        StringBuilder guesses = new StringBuilder();
        for (int serial = 1225; serial <= 1240; serial++) {
            guesses.append("SSN: 536-22-").append(serial).append('\n');
        }
        List<Map<String, Object>> first = scanMatches(tenant, guesses.toString());
        List<Map<String, Object>> second = scanMatches(tenant, guesses.toString());
        assertThat(first).hasSizeGreaterThan(10);
        assertThat(first).extracting(m -> m.get("evidenceHash")).filteredOn(Objects::nonNull).doesNotContain(stored);
        // nor across requests (a per-request key): hashes of one request can't be collected into a dictionary
        List<Object> h1 = first.stream().map(m -> m.get("evidenceHash")).filter(Objects::nonNull).toList();
        List<Object> h2 = second.stream().map(m -> m.get("evidenceHash")).filter(Objects::nonNull).toList();
        assertThat(h1).doesNotContainAnyElementsOf(h2);
    }

    static List<Map<String, Object>> scanMatches(String tenant, String text) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/v1/dlp/scan").then().statusCode(200).extract().jsonPath()
                .getList("matches");
    }
}
