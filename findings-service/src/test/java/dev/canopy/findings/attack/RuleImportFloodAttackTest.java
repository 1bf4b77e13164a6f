package dev.canopy.findings.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Attack: a tenant admin sends ten imports of a slow-to-compile rule set at once (within its rate limit; each import
 * is parsed and compiled before the per-tenant rule-set count is checked). They all queued on the shared rules pool,
 * so another tenant's engine build — after it changed its configuration — waited behind all of them. Now a tenant's
 * compiles run one after another in a lane of their own (at most one of them in the shared pool, a few imports
 * waiting; more are refused with 503), so another tenant waits for one compile at most.
 */
@QuarkusTest
class RuleImportFloodAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aFloodOfImportsDelaysOtherTenantsByOneCompileAtMost() throws Exception {
        String attacker = TestTokens.tenantAdmin(TestEvents.uniqueTenant("import-flooder"));
        String neighbour = TestTokens.tenantAdmin(TestEvents.uniqueTenant("import-neighbour"));
        assertThat(RestAttacks.get(base, "/api/v1/dlp/status", neighbour).status()).isEqualTo(200);
        String toml = SlowRuleSets.slowToCompile(40);
        Duration oneCompile = SlowRuleSets.importTimed(attacker, toml);

        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                flood.add(clients.submit(() -> SlowRuleSets.importStatus(attacker, toml)));
            }
            Thread.sleep(500); // the imports are compiling or queued now

            long s = System.nanoTime();
            given().auth().oauth2(neighbour).contentType(ContentType.JSON).body(Map.of("id", "employee-id",
                    "regex", "EMP-[0-9]{6}", "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(201);
            assertThat(RestAttacks.get(base, "/api/v1/dlp/status", neighbour).status()).isEqualTo(200);
            Duration neighbourWaited = Duration.ofNanos(System.nanoTime() - s);

            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : flood) {
                statuses.add(f.get(300, TimeUnit.SECONDS));
            }
            System.out.println("one compile " + oneCompile + "; flood of 10 imports answered " + statuses
                    + "; the neighbour's rule change and engine took " + neighbourWaited);
            assertThat(oneCompile).as("the set is really slow to compile").isGreaterThan(Duration.ofSeconds(1));
            assertThat(statuses).as("imports stored, over the rule-set count, or refused while busy")
                    .isSubsetOf(201, 400, 503);
            assertThat(neighbourWaited).as("the neighbour's rule change and new engine during the flood")
                    .isLessThan(oneCompile);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void importsThatFailFreeTheirPlaceInTheLane() {
        String admin = TestTokens.tenantAdmin(TestEvents.uniqueTenant("import-failer"));
        // more imports that fail to compile (not TOML), one after another, than a lane holds: each must leave the
        // lane (400, never 503 or a wait)
        for (int i = 0; i < 5; i++) {
            assertThat(SlowRuleSets.importStatus(admin, "[[rules]\nnot = toml = at all")).isEqualTo(400);
        }
        assertThat(SlowRuleSets.importStatus(admin, SlowRuleSets.slowToCompile(1))).isEqualTo(201);
    }
}
