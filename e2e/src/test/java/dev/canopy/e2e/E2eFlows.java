package dev.canopy.e2e;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;
import dev.canopy.tools.local.Waits;

/** Steps the e2e tests share: a tenant, a sync run awaited until every service caught up. */
final class E2eFlows {
    private E2eFlows() {
    }

    static TenantApi tenantApi(LocalPlatform platform, String tenant) {
        return TenantApi.of(platform, platform.home(), tenant);
    }

    /** Runs a sync and waits until inventory applied it and posture evaluated it; answers the finished run. */
    static JsonNode syncAndSettle(TenantApi api, String connectionId, String mode) {
        long t0 = System.nanoTime();
        String runId = api.startSync(connectionId, mode).path("id").asText();
        JsonNode run = api.awaitRun(runId, Duration.ofMinutes(10), Duration.ofSeconds(1), r -> { });
        System.out.printf("%s sync %s: %s in %.1f s%n", mode, runId, run.path("status").asText(), (System.nanoTime() - t0) / 1e9);
        Waits.until(() -> api.inventoryComplete(runId), Duration.ofMinutes(3), Duration.ofMillis(500));
        Waits.until(() -> api.postureEvaluated(runId), Duration.ofMinutes(3), Duration.ofMillis(500));
        return run;
    }

    /** Findings once there are at least {@code atLeast} DLP findings and the total stopped changing. */
    static List<JsonNode> awaitFindings(TenantApi api, int atLeast, Duration timeout) {
        Waits.until(() -> api.findings().stream().filter(f -> "dlp".equals(f.path("kind").asText())).count() >= atLeast,
                timeout, Duration.ofSeconds(1));
        Waits.quiet(() -> api.findings().size(), Duration.ofSeconds(4), timeout);
        return api.findings();
    }
}
