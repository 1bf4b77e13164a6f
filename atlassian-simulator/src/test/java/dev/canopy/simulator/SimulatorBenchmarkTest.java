package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.model.SimSite;

/**
 * Seeding time for 10k users / 20k pages and Confluence page-list throughput. Excluded from the normal build; run with
 * {@code mvn -pl atlassian-simulator test -Dgroups=benchmark -DexcludedGroups= -Dtest=SimulatorBenchmarkTest}.
 */
@Tag("benchmark")
class SimulatorBenchmarkTest {

    @Test
    void seedsTenThousandUsersAndTwentyThousandPagesAndServesPages() throws Exception {
        SimulatorConfig config = SimulatorConfig.testDefaults().withOverrides(Map.of("orgs", "1", "sitesPerOrg", "1",
                "usersPerOrg", "10000", "groupsPerOrg", "1000", "teamsPerOrg", "1000", "appsPerSite", "200",
                "spacesPerSite", "1000", "pagesPerSite", "20000", "blogpostsPerSite", "1000", "rateLimit.perSecond", "0"));
        long t0 = System.nanoTime();
        AtlassianSimulator sim = AtlassianSimulator.start(config.withPort(0));
        double seedSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            SimSite site = sim.state().sites().get(0);
            System.out.printf("seeding (generate + start): %.2f s, counts %s%n", seedSeconds,
                    sim.groundTruth(site.org.id).counts());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String auth = SimClient.basicHeader(site.adminEmail, site.adminToken);
            List<String> urls = List.of("/wiki/api/v2/pages?limit=25", "/wiki/api/v2/pages?limit=25&sort=-modified-date",
                    "/wiki/api/v2/pages?limit=25&body-format=storage");
            runFor(http, sim, site, auth, urls, 2_000); // warm-up
            long start = System.nanoTime();
            int done = runFor(http, sim, site, auth, urls, 10_000);
            double rps = done / ((System.nanoTime() - start) / 1e9);
            System.out.printf("page list requests: %d in 10 s -> %.0f req/s (16 concurrent, HTTP/1.1 keep-alive)%n", done, rps);
            assertThat(seedSeconds).isLessThan(10);
            assertThat(rps).isGreaterThan(2_000);
        } finally {
            sim.stop();
        }
    }

    private static int runFor(HttpClient http, AtlassianSimulator sim, SimSite site, String auth, List<String> urls, long millis)
            throws Exception {
        long end = System.currentTimeMillis() + millis;
        AtomicInteger ok = new AtomicInteger();
        CompletableFuture<?>[] workers = new CompletableFuture<?>[16];
        for (int w = 0; w < workers.length; w++) {
            int worker = w;
            workers[w] = CompletableFuture.runAsync(() -> {
                int i = worker;
                while (System.currentTimeMillis() < end) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(sim.siteUrl(site.name) + urls.get(i++ % urls.size())))
                            .header("Authorization", auth).build();
                    try {
                        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, java.util.concurrent.Executors.newCachedThreadPool());
        }
        CompletableFuture.allOf(workers).get();
        return ok.get();
    }
}
