package dev.canopy.notifier.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import dev.canopy.testkit.attack.RestAttacks.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attack: oversized and control-character ids, filter values and collection elements, to make the service store
 * megabytes per subscription or hit the database with junk. Each is refused with 400 naming the field.
 */
@QuarkusTest
class OversizedParameterAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void oversizedSubscriptionFieldsAreRefused() throws Exception {
        String admin = TestTokens.tenantAdmin(TestEvents.uniqueTenant("oversized"));
        Map<String, Object> hugeRuleId = Map.of("url", "https://hooks.example.com/x", "ruleIds", List.of("r".repeat(5000)));
        Map<String, Object> controlState = Map.of("url", "https://hooks.example.com/x", "states", List.of("new\u0000"));
        Map<String, Object> oddKind = Map.of("url", "https://hooks.example.com/x", "kinds", List.of("<script>"));
        for (Map<String, Object> body : List.of(hugeRuleId, controlState, oddKind)) {
            Answer a = RestAttacks.send(base, "POST", "/api/v1/webhooks/subscriptions", admin, JSON.writeValueAsString(body));
            RestAttacks.assertSafeProblem(a, 400);
            String field = body.keySet().stream().filter(k -> !k.equals("url")).findFirst().orElseThrow();
            assertTrue(a.body().contains(field), field + ": " + a.body());
        }
    }

    @Test
    void oversizedIdsAndQueryValuesAreRefused() {
        String admin = TestTokens.tenantAdmin(TestEvents.uniqueTenant("oversized"));
        String longId = "a".repeat(1000);
        for (String path : List.of("/api/v1/webhooks/subscriptions/" + longId, "/api/v1/webhooks/deliveries/" + longId,
                "/api/v1/webhooks/deliveries?cursor=" + "c".repeat(2000),
                "/api/v1/webhooks/deliveries?subscriptionId=" + longId)) {
            RestAttacks.assertSafeProblem(RestAttacks.get(base, path, admin), 400);
        }
    }
}
