package dev.canopy.findings.attack;

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
 * Attack: one tenant floods the expensive DLP scan endpoint (CPU for everyone, and a brute-force oracle). The named
 * dlp-scan bucket refuses it with 429 while the tenant's other endpoints and other tenants' scans are still served.
 * Small numbers for the test: 3 scans burst, 3 per minute.
 */
@QuarkusTest
@TestProfile(DlpScanFloodAttackTest.SmallScanBucket.class)
class DlpScanFloodAttackTest {
    public static class SmallScanBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("canopy.rate-limit.buckets.dlp-scan.capacity", "3",
                    "canopy.rate-limit.buckets.dlp-scan.per-second", "0.05");
        }
    }

    private static final String SCAN = "{\"text\": \"mail jane.doe@example.org today\"}";

    @TestHTTPResource("/")
    URL base;

    @Test
    void aScanFloodGets429WhileOtherEndpointsAndTenantsAreServed() {
        String flooder = TestTokens.tenantReader(TestEvents.uniqueTenant("scan-flooder"));
        List<Answer> answers = RestAttacks.flood(base, "POST", "/api/v1/dlp/scan", flooder, SCAN, 12, 3);
        Answer refused = RestAttacks.assertSomeTooManyRequests(answers);
        assertTrue(refused.json().path("detail").asText().contains("'dlp-scan' limit of 3 requests, 3 per minute"),
                refused.body());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) <= 20, refused.header("Retry-After"));
        assertEquals(3, answers.stream().filter(a -> a.status() == 200).count(),
                answers.stream().map(Answer::status).toList().toString());
        // the same tenant's other endpoints use the service-wide bucket
        assertEquals(200, RestAttacks.get(base, "/api/v1/findings", flooder).status());
        // another tenant still scans
        String neighbour = TestTokens.tenantReader(TestEvents.uniqueTenant("scan-neighbour"));
        assertEquals(200, RestAttacks.send(base, "POST", "/api/v1/dlp/scan", neighbour, SCAN).status());
    }
}
