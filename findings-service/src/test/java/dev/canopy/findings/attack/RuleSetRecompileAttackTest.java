package dev.canopy.findings.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Attack: a tenant imports rule sets and saves custom rules that are slow to compile, then changes something cheap in
 * its configuration (a built-in switched off, then on again) over and over. Every change made a new engine, and every
 * new engine compiled all of the tenant's sets and rules again — seconds of CPU each time, and the shared content
 * consumer waits for the engine of every tenant in its batch. An imported set never changes (it is deleted and
 * imported again) and a custom rule is a value, so each is compiled once and reused by the tenant's engines.
 */
@QuarkusTest
class RuleSetRecompileAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aConfigurationChangeCompilesNoRuleAgain() {
        String attacker = TestTokens.tenantAdmin(TestEvents.uniqueTenant("recompiler"));
        Duration imports = Duration.ZERO;
        for (int i = 0; i < 3; i++) {
            imports = imports.plus(SlowRuleSets.importTimed(attacker, SlowRuleSets.slowToCompile(40)));
        }
        for (int i = 0; i < 40; i++) {
            given().auth().oauth2(attacker).contentType(ContentType.JSON).body(Map.of("id", "slow-" + i,
                    "regex", SlowRuleSets.slowRegex(i), "keywords", List.of(SlowRuleSets.keyword(i)), "severity", "HIGH"))
                    .post("/api/v1/dlp/rules").then().statusCode(201);
        }
        long first = System.nanoTime();
        assertThat(RestAttacks.get(base, "/api/v1/dlp/status", attacker).status()).isEqualTo(200);
        Duration firstEngine = Duration.ofNanos(System.nanoTime() - first);

        List<Duration> rebuilds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<String> off = i % 2 == 0 ? List.of("email") : List.of();
            given().auth().oauth2(attacker).contentType(ContentType.JSON).body(Map.of("ids", off))
                    .put("/api/v1/dlp/config/disabled-builtins").then().statusCode(200);
            long t0 = System.nanoTime();
            assertThat(RestAttacks.get(base, "/api/v1/dlp/status", attacker).status()).isEqualTo(200);
            rebuilds.add(Duration.ofNanos(System.nanoTime() - t0));
        }
        System.out.println("3 slow sets imported in " + imports + "; first engine (compiles the 40 slow custom rules) "
                + firstEngine + "; engines after each configuration change: " + rebuilds);
        Duration oneImport = imports.dividedBy(3);
        assertThat(oneImport).as("each set is really slow to compile").isGreaterThan(Duration.ofMillis(500));
        assertThat(firstEngine).as("the custom rules are really slow to compile").isGreaterThan(Duration.ofMillis(500));
        assertThat(rebuilds).as("a new engine after a change that leaves the imported sets as they are")
                .allMatch(d -> d.compareTo(oneImport.dividedBy(4)) < 0 && d.compareTo(firstEngine.dividedBy(4)) < 0);
    }
}
