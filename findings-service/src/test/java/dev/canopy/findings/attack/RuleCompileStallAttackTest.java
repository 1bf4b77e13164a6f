package dev.canopy.findings.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attack: a tenant admin imports a gitleaks rule set that is valid and within every limit but slow to compile (each
 * rule's linear-time gate explores thousands of DFA states: ~10 CPU-seconds for the set, the import's gate budget).
 * The import parsed and compiled the set on the request's Vert.x event loop, so every other tenant's request on that
 * loop waited for it; now compiling runs on the DLP rules pool and the neighbours are answered as usual.
 */
@QuarkusTest
class RuleCompileStallAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aRuleSetThatIsSlowToCompileDoesNotStallOtherTenants() throws Exception {
        String attacker = TestTokens.tenantAdmin(TestEvents.uniqueTenant("compile-staller"));
        String neighbour = TestTokens.tenantReader(TestEvents.uniqueTenant("compile-neighbour"));
        assertThat(RestAttacks.get(base, "/api/v1/dlp/config", neighbour).status()).isEqualTo(200);
        String toml = SlowRuleSets.slowToCompile(300);

        CompletableFuture<Duration> imported = CompletableFuture
                .supplyAsync(() -> SlowRuleSets.importTimed(attacker, toml));
        Thread.sleep(1_500); // the import is compiling now

        // the neighbour's requests, in parallel on their own connections: they land on every event loop
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Duration> latencies = NeighbourRequests.latencies(
                    NeighbourRequests.send(clients, base, "/api/v1/dlp/config", neighbour, 8), 60);
            Duration importTook = imported.get(120, TimeUnit.SECONDS);
            System.out.println("slow rule set imported in " + importTook + "; neighbour answered in " + latencies);
            assertThat(importTook).as("the import is really slow to compile").isGreaterThan(Duration.ofMillis(1_500));
            assertThat(latencies).as("the neighbour's answers while it compiles")
                    .allMatch(d -> d.compareTo(Duration.ofSeconds(2)) < 0);
        } finally {
            clients.shutdownNow();
        }
    }
}
