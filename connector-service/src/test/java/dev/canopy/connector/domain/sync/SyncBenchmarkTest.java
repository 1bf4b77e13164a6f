package dev.canopy.connector.domain.sync;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.AtlassianSimulator;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A 10k-user / 20k-page org on its own simulator with a rate budget of R requests/s per (credential, API family):
 * prints the achieved request rate against R, 429s, wall time, events/s, and the requests of an incremental sync
 * after 1 % of the pages changed against the full sync's. Run with
 * {@code mvn -B -o -pl connector-service test -Dgroups=benchmark -DexcludedGroups= -Dtest=SyncBenchmarkTest}.
 */
@QuarkusTest
@Tag("benchmark")
class SyncBenchmarkTest {
    private static final double R = Double.parseDouble(System.getProperty("bench.rate", "100"));

    @Test
    void bigOrgFullAndIncremental() {
        SimulatorConfig config = SimulatorConfig.testDefaults().withOverrides(Map.of("orgs", "1", "sitesPerOrg", "1",
                "usersPerOrg", "10000", "groupsPerOrg", "20", "teamsPerOrg", "20", "pagesPerSite", "20000",
                "blogpostsPerSite", "200", "rateLimit.perSecond", String.valueOf(R), "rateLimit.burst",
                String.valueOf((int) R), "rateLimit.retryAfterSeconds", "1"));
        AtlassianSimulator sim = AtlassianSimulator.start(config.withPort(0));
        try {
            SimOrg org = sim.state().orgs().get(0);
            SimSite site = org.sites.values().iterator().next();
            String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("bench"));
            String connection = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("name", "bench", "orgId", org.id, "orgApiKey", org.apiKey, "adminBaseUrl", sim.baseUrl(),
                            "sites", List.of(Map.of("url", sim.siteUrl(site.name), "adminEmail", site.adminEmail,
                                    "apiToken", site.adminToken))))
                    .post("/api/v1/connections").then().statusCode(201).extract().path("id");

            JsonPath full = run(token, connection, "full");
            report("full", full);

            List<SimContent> pages = site.content.values().stream()
                    .filter(c -> c.kind == ContentKind.PAGE && "current".equals(c.status)).toList();
            int changed = Math.max(1, pages.size() / 100);
            for (int i = 0; i < changed; i++) {
                sim.control().editContent(site.name, pages.get(i * 100 % pages.size()).id, null,
                        "<p>benchmark edit " + i + "</p>");
            }
            JsonPath incremental = run(token, connection, "incremental");
            report("incremental after " + changed + " page edits", incremental);
            System.out.printf("BENCH incremental/full requests = %d / %d = %.2f %% (goal <= 5 %%)%n",
                    incremental.getLong("metrics.requests"), full.getLong("metrics.requests"),
                    100.0 * incremental.getLong("metrics.requests") / full.getLong("metrics.requests"));
        } finally {
            sim.stop();
        }
    }

    private static JsonPath run(String token, String connection, String mode) {
        return SimSync.awaitFinished(token, SimSync.trigger(token, connection, mode), Duration.ofMinutes(30));
    }

    private static void report(String what, JsonPath run) {
        long requests = run.getLong("metrics.requests");
        double seconds = run.getLong("metrics.durationMs") / 1000.0;
        Map<String, Integer> events = run.getMap("metrics.events");
        long eventCount = events.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf("BENCH %s: status %s, errors %s, %d requests in %.1f s = %.1f req/s = %.2f x R (R = %.0f/s per "
                + "credential and API family), 429s %d, retries %d, %d events = %.0f events/s, %d bytes%n", what,
                run.getString("status"), run.getList("errors"), requests, seconds, requests / seconds,
                requests / seconds / R, R, run.getLong("metrics.rateLimited"), run.getLong("metrics.retries"), eventCount,
                eventCount / seconds, run.getLong("metrics.bytes"));
    }
}
