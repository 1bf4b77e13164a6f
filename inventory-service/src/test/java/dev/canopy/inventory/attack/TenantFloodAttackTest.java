package dev.canopy.inventory.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import dev.canopy.testkit.attack.RestAttacks.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Attack: one tenant floods the service (and an outsider floods it with forged tokens) to starve everyone else.
 * The limits are the production mechanism with small numbers: 20 requests burst, 2 per second.
 */
@QuarkusTest
@TestProfile(TenantFloodAttackTest.SmallLimits.class)
class TenantFloodAttackTest {
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("canopy.rate-limit.tenant-capacity", "20", "canopy.rate-limit.tenant-per-second", "2",
                    "canopy.rate-limit.anonymous-capacity", "10", "canopy.rate-limit.anonymous-per-second", "1");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFloodingTenantGets429WhileAnotherTenantIsServed() {
        String flooder = TestEvents.uniqueTenant("flooder");
        String neighbour = TestEvents.uniqueTenant("neighbour");
        List<Answer> answers = RestAttacks.flood(base, "GET", "/api/v1/users", TestTokens.tenantReader(flooder), null,
                80, 8);
        Answer refused = RestAttacks.assertSomeTooManyRequests(answers);
        assertTrue(refused.json().path("detail").asText().contains("tenant limit of 20 requests"), refused.body());
        long served = answers.stream().filter(a -> a.status() == 200).count();
        assertTrue(served >= 20 && served < 80, "served " + served + " of 80");
        // the neighbour on the same service replica is not affected
        for (int i = 0; i < 5; i++) {
            Answer a = RestAttacks.get(base, "/api/v1/users", TestTokens.tenantReader(neighbour));
            assertEquals(200, a.status(), a.body());
        }
        // and the flooder is served again once its bucket refilled
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        sleep((retryAfter + 1) * 1000L);
        assertEquals(200, RestAttacks.get(base, "/api/v1/users", TestTokens.tenantReader(flooder)).status());
    }

    @Test
    void forgedTokenSprayIsLimitedPerAddressWithoutHurtingTenants() {
        List<Answer> answers = RestAttacks.flood(base, "GET", "/api/v1/users",
                TestTokens.signedByStranger("victim"), null, 40, 4);
        assertTrue(answers.stream().allMatch(a -> a.status() == 401 || a.status() == 429),
                answers.stream().map(Answer::status).toList().toString());
        Answer refused = RestAttacks.assertSomeTooManyRequests(answers);
        assertTrue(refused.json().path("detail").asText().contains("unauthenticated limit"), refused.body());
        assertEquals(200, RestAttacks.get(base, "/api/v1/users",
                TestTokens.tenantReader(TestEvents.uniqueTenant("bystander"))).status());
        sleep(3000); // leave the loopback address' bucket refilled for whatever runs next
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
