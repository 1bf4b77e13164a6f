package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Whole-org syncs against a misbehaving simulator: a 429 storm and 5xx bursts are survived without errors, malformed
 * JSON fails only the affected resources with a clear error, and a later sync recovers everything. Faults are global
 * in the shared simulator: every test resets them.
 */
@QuarkusTest
class FaultSyncTest {
    private static final int ORG = 0;

    @AfterEach
    void resetSimulator() {
        SimulatorConfig.RateLimit defaults = SimulatorConfig.testDefaults().rateLimit();
        SimSync.control("PUT", "/_sim/rate-limit", Map.of("perSecond", defaults.perSecond(), "burst", defaults.burst(),
                "retryAfterSeconds", defaults.retryAfterSeconds()));
        SimSync.control("PUT", "/_sim/faults", Map.of("latencyRate", 0, "serverErrorRate", 0, "unavailableRate", 0,
                "connectionResetRate", 0, "truncatedJsonRate", 0, "malformedJsonRate", 0, "duplicateItemRate", 0,
                "editBetweenPagesRate", 0));
    }

    @Test
    void aRateLimitStormIsPacedAndRetriedWithoutErrors() {
        SimSync.control("PUT", "/_sim/rate-limit", Map.of("perSecond", 8, "burst", 4, "retryAfterSeconds", 1));
        JsonPath run = fullSync("storm");
        System.out.printf("429 storm: status %s, requests %d, 429s %d, retries %d, %d ms%n", run.getString("status"),
                run.getInt("metrics.requests"), run.getInt("metrics.rateLimited"), run.getInt("metrics.retries"),
                run.getLong("metrics.durationMs"));
        assertThat(run.getList("errors")).as("no unhandled 429").isEmpty();
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getInt("metrics.entities.pages")).isPositive();
    }

    @Test
    void serverErrorBurstsAndResetConnectionsAreRetried() {
        SimSync.control("PUT", "/_sim/faults", Map.of("serverErrorRate", 0.15, "unavailableRate", 0.05,
                "connectionResetRate", 0.03));
        JsonPath run = fullSync("bursts");
        System.out.printf("5xx bursts: status %s, requests %d, retries %d, failed %d%n", run.getString("status"),
                run.getInt("metrics.requests"), run.getInt("metrics.retries"), run.getInt("metrics.failedRequests"));
        assertThat(run.getList("errors")).isEmpty();
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getInt("metrics.retries")).isPositive();
    }

    @Test
    void malformedJsonFailsOnlyTheAffectedResourcesWithAClearErrorAndTheNextSyncRecovers() {
        SimSync.control("PUT", "/_sim/faults", Map.of("malformedJsonRate", 0.08, "truncatedJsonRate", 0.04));
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("malformed"));
        String connection = SimSync.connect(token, SimSync.org(ORG));
        JsonPath broken = SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120));
        List<String> errors = broken.getList("errors");
        System.out.println("malformed JSON run: " + broken.getString("status") + " " + errors);
        assertThat(broken.getString("status")).isEqualTo("partial");
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).containsIgnoringCase("JSON")
                .matches("^[a-z-]+: .*"));
        resetSimulator();

        JsonPath recovered = SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120));
        assertThat(recovered.getList("errors")).isEmpty();
        assertThat(recovered.getString("status")).isEqualTo("succeeded");
    }

    private static JsonPath fullSync(String tenantPrefix) {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant(tenantPrefix));
        String connection = SimSync.connect(token, SimSync.org(ORG));
        return SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(150));
    }
}
