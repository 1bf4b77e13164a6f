package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Issue 12 item 1: verification as a port scanner. A tenant admin creates connections to internal hosts on several
 * ports and reads per-capability status codes and connection errors. Refused targets must all look the same:
 * "refused by egress policy: <reason>", no HTTP status, nothing that depends on the port or on what listens there.
 */
@QuarkusTest
@TestProfile(AttackProfile.class)
class PortScanVerificationAttackTest {

    @Test
    void refusedTargetsReportOnlyThePolicyDecisionWhateverThePort() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("scan"));
        Set<String> reasons = new HashSet<>();
        for (String target : List.of("http://internal.canopy.test:22", "http://internal.canopy.test:5432",
                "http://internal.canopy.test:8083", "https://internal.canopy.test")) {
            var response = post(token, Attacks.connection(target, List.of(Attacks.site(target + "/wiki-site", "t"))));
            assertThat(response.statusCode()).as(response.asString()).isIn(201, 202);
            long started = System.nanoTime();
            JsonPath c = verified(token, response.path("id"));
            List<Map<String, Object>> checks = c.getList("verification.checks");
            assertThat(checks).hasSize(7).allSatisfy(k -> {
                assertThat(k.get("ok")).isEqualTo(false);
                assertThat(k.get("status")).as("no status code for a refused target").isNull();
                assertThat((String) k.get("reason")).startsWith("refused by egress policy: ")
                        .doesNotContain("22").doesNotContain("5432").doesNotContain("8083").doesNotContain("Exception");
                reasons.add((String) k.get("reason"));
            });
            assertThat(c.getString("lastError")).contains("refused by egress policy");
            assertThat((System.nanoTime() - started) / 1_000_000).as("refusal needs no connect timeout").isLessThan(20_000);
        }
        assertThat(reasons).as("every port answers the same").hasSize(1);
    }
}
