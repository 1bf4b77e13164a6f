package dev.canopy.notifier.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import dev.canopy.testkit.attack.RestAttacks.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attack: malformed and mistyped JSON bodies to fingerprint the stack from the error text (Jackson's messages name
 * Java types and classes). Each must answer 400 problem+json that says where and what, in JSON terms only.
 */
@QuarkusTest
class MalformedBodyAttackTest {
    private static final String PATH = "/api/v1/webhooks/subscriptions";

    @TestHTTPResource("/")
    URL base;

    @Test
    void unreadableBodiesGetSafeProblems() {
        String admin = TestTokens.tenantAdmin(TestEvents.uniqueTenant("malformed"));
        Map<String, String> cases = Map.of(
                "{\"url\": \"https://hooks.example.com/x\",\n  \"minSeverityId\": \"high\"}", "field 'minSeverityId': expected an integer",
                "{\"url\": [\"https://hooks.example.com/x\"]}", "field 'url': expected a string",
                "{\"url\": \"https://hooks.example.com/x\", \"enabled\": {\"a\": 1}}", "field 'enabled': expected true or false",
                "{\"url\": \"https://hooks.example.com/x\", \"states\": \"new\"}", "field 'states'",
                "[1, 2, 3]", "request body: expected an object",
                "{\n  \"url\": \"https://hooks.example.com/x\",\n  \"description\": \"unterminated\n}", "not valid JSON at line",
                "{\"url\": ", "not valid JSON");
        cases.forEach((body, expected) -> {
            Answer a = RestAttacks.send(base, "POST", PATH, admin, body);
            RestAttacks.assertSafeProblem(a, 400);
            assertTrue(a.json().path("detail").asText().contains(expected), body + " -> " + a.body());
        });
        // a non-JSON content type and a wrong method still get problem bodies
        RestAttacks.assertSafeProblem(RestAttacks.send(base, "PATCH", PATH, admin, "{}"), 405);
    }
}
