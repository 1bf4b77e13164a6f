package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.put;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 12 item 2: with the stored key masked, a tenant admin moves {@code adminBaseUrl} (or a site URL) to a listener
 * of theirs; verification would then send the stored org API key (or site token) there. Runs under the test
 * profile's widened egress policy (loopback allowed), so only the credential binding can stop it.
 */
@QuarkusTest
class KeyExfiltrationAttackTest {
    private static final String SIM = System.getProperty("canopy.test.simulator.url");
    private static final String MASK = "********";

    private static SimOrg org() {
        return SimState.generate(SimulatorConfig.testDefaults()).orgs().get(0);
    }

    @Test
    void maskedOrgKeyWithANewAdminBaseUrlIsRefused() throws Exception {
        SimOrg org = org();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("exfil"));
        String id = post(token, Map.of("name", "n", "orgId", org.id(), "orgApiKey", org.apiKey(), "adminBaseUrl", SIM))
                .path("id");
        verified(token, id);
        try (FakeAtlassian listener = FakeAtlassian.start()) {
            String stealer = "http://127.0.0.1:" + listener.port();
            var response = put(token, id, Map.of("name", "n", "orgId", org.id(), "orgApiKey", MASK, "adminBaseUrl", stealer));
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.asString()).contains("orgApiKey").contains("adminBaseUrl");
            // omitting the key is the same as masking it
            var omitted = put(token, id, Map.of("name", "n", "orgId", org.id(), "adminBaseUrl", stealer));
            assertThat(omitted.statusCode()).isEqualTo(400);
            Thread.sleep(500);
            assertThat(listener.seen).as("the stored key was never sent to the new URL").isEmpty();
            // a re-verify after the refused update still talks to the original URL
            assertThat(verified(token, id).getString("adminBaseUrl")).isEqualTo(SIM);
            // with the key given again, the change is accepted
            var again = put(token, id, Map.of("name", "n", "orgId", org.id(), "orgApiKey", "a-new-key", "adminBaseUrl", stealer));
            assertThat(again.statusCode()).as(again.asString()).isIn(200, 202);
        }
    }

    @Test
    void maskedSiteTokenWithANewSiteUrlIsRefused() throws Exception {
        SimOrg org = org();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("exfil-site"));
        String siteUrl = SIM + "/site/acme";
        Map<String, Object> body = new HashMap<>(Map.of("name", "n", "orgId", org.id(), "orgApiKey", org.apiKey(),
                "adminBaseUrl", SIM, "sites", List.of(Map.of("url", siteUrl, "adminEmail", "a@acme.example",
                        "apiToken", "site-secret"))));
        String id = post(token, body).path("id");
        verified(token, id);
        try (FakeAtlassian listener = FakeAtlassian.start()) {
            String stealer = "http://127.0.0.1:" + listener.port() + "/site/acme";
            body.put("orgApiKey", MASK);
            body.put("sites", List.of(Map.of("url", stealer, "adminEmail", "a@acme.example", "apiToken", MASK)));
            var response = put(token, id, body);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertThat(response.asString()).contains("sites[0].apiToken");
            Thread.sleep(500);
            assertThat(listener.seen).isEmpty();
        }
    }
}
