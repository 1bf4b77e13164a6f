package dev.canopy.findings.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.findings.domain.dlp.DlpLimits;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attacks on the first engine of a tenant on a replica that has not compiled its rule sets (after a restart, or sets
 * imported through another replica), the sets valid and within every limit but slow to compile:
 * <ul>
 * <li>The tenant asks for its engine many times at once (24 × {@code GET /api/v1/dlp/status}, within its rate limit).
 * Each request built the engine itself, inside the transaction that had read the configuration: 24 builds queued on
 * the rules pool, each holding one of the service's 20 database connections until its turn came, so every other
 * tenant's requests waited for a connection. Now the configuration is read in a short transaction of its own, the
 * engine is built after it ends, and concurrent requests for the same configuration share one build.
 * <li>The tenant fills its sets with rules whose DFA gates are expensive, each import within its gate budget
 * ({@code findings.dlp.gate-build-cpu}). The first engine compiled every set with a budget of its own, and the shared
 * content consumer waits for it whenever that tenant's content is in its batch: ten sets cost ten budgets. Now one
 * engine build shares one gate budget (sets and rules past it run without a gate: the same findings, slower).
 * </ul>
 */
@QuarkusTest
class ColdEngineBuildAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    AnotherReplica anotherReplica;

    @Inject
    DlpLimits limits;

    @Test
    void aColdEngineSpendsOneGateBudgetHoweverManySets() {
        String tenant = TestEvents.uniqueTenant("cold-builder");
        String admin = TestTokens.tenantAdmin(tenant);
        String toml = SlowRuleSets.slowToCompile(120);
        Duration budget = limits.rules().gateBuildCpu();
        long t0 = System.nanoTime();
        int rules = GitleaksImporter.load(toml, limits.rules()).detectors().size();
        Duration oneSet = Duration.ofNanos(System.nanoTime() - t0);
        // stored as another replica's imports would be: this one has compiled none of them
        for (int i = 0; i < 5; i++) {
            anotherReplica.importedRuleSet(tenant, toml, rules);
        }
        long c0 = System.nanoTime();
        assertThat(RestAttacks.get(base, "/api/v1/dlp/status", admin).status()).isEqualTo(200);
        Duration coldEngine = Duration.ofNanos(System.nanoTime() - c0);
        System.out.println("one set compiles in " + oneSet + " (gate budget " + budget + "); a cold engine with five: "
                + coldEngine);
        assertThat(oneSet).as("a set alone spends its whole gate budget").isGreaterThan(budget);
        // a budget per set meant at least five budgets of CPU (10 s here); one shared budget plus the sets' other
        // compiling (RE2 programs, checks): 2.4 s here (11.8 s with a budget per set)
        assertThat(coldEngine).as("a cold engine with five such sets").isLessThan(budget.multipliedBy(4));
    }

    @Test
    void concurrentEngineBuildsDoNotHoardDatabaseConnections() throws Exception {
        String attackerTenant = TestEvents.uniqueTenant("connection-hoarder");
        String attacker = TestTokens.tenantAdmin(attackerTenant);
        String neighbour = TestTokens.tenantReader(TestEvents.uniqueTenant("connection-neighbour"));
        assertThat(RestAttacks.get(base, "/api/v1/dlp/config", neighbour).status()).isEqualTo(200);
        // imported through another replica of the service: this one has not compiled it yet (as after a restart)
        String toml = SlowRuleSets.slowToCompile(40);
        long t0 = System.nanoTime();
        int rules = GitleaksImporter.load(toml, limits.rules()).detectors().size();
        Duration compile = Duration.ofNanos(System.nanoTime() - t0);
        anotherReplica.importedRuleSet(attackerTenant, toml, rules);

        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            long b0 = System.nanoTime();
            List<Future<Integer>> builds = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                builds.add(clients.submit(() -> RestAttacks.get(base, "/api/v1/dlp/status", attacker).status()));
            }
            Thread.sleep(1_000); // the attacker's requests are waiting for their engine now
            List<Duration> latencies = NeighbourRequests.latencies(
                    NeighbourRequests.send(clients, base, "/api/v1/dlp/config", neighbour, 8), 180);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : builds) {
                statuses.add(f.get(180, TimeUnit.SECONDS));
            }
            Duration engineRequests = Duration.ofNanos(System.nanoTime() - b0);
            System.out.println("rule set compiled in " + compile + "; neighbour answered in " + latencies
                    + "; attacker's 24 engine requests: " + statuses + " in " + engineRequests);
            assertThat(compile).as("the set is really slow to compile").isGreaterThan(Duration.ofSeconds(1));
            assertThat(statuses).as("the attacker's own requests are served").containsOnly(200);
            // one shared build (1-2.5x one compile here), not 24 queued on the rules pool (12x: two threads)
            assertThat(engineRequests).as("the attacker's concurrent requests for one engine")
                    .isLessThan(compile.multipliedBy(5));
            assertThat(latencies).as("the neighbour's answers while the attacker's engine builds")
                    .allMatch(d -> d.compareTo(Duration.ofSeconds(2)) < 0);
        } finally {
            clients.shutdownNow();
        }
    }
}
