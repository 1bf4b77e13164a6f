package dev.canopy.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;

/** A small JDK HTTP client for tests: admin (Bearer) and site (Basic) calls. */
final class SimClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtlassianSimulator sim;

    SimClient(AtlassianSimulator sim) {
        this.sim = sim;
    }

    HttpResponse<String> admin(SimOrg org, String path) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer " + org.apiKey).GET());
    }

    HttpResponse<String> adminPost(String key, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> bearer(String key, String path) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer " + key).GET());
    }

    HttpResponse<String> site(SimSite site, boolean admin, String relative) {
        return basic(site, admin ? site.adminEmail : site.userEmail, admin ? site.adminToken : site.userToken, relative);
    }

    HttpResponse<String> sitePost(SimSite site, String relative, String json) {
        return send(HttpRequest.newBuilder(URI.create(sim.siteUrl(site.name) + relative))
                .header("Authorization", basicHeader(site.adminEmail, site.adminToken))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> basic(SimSite site, String email, String token, String relative) {
        return send(HttpRequest.newBuilder(URI.create(sim.siteUrl(site.name) + relative))
                .header("Authorization", basicHeader(email, token)).GET());
    }

    HttpResponse<String> raw(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /**
     * The request's own timeout covers only the response headers, and once (2026-11-27, whole build) a JDK 17 client
     * waited past it forever on a pooled connection while the simulator's event loop was idle. So the whole exchange is
     * bounded, and a stuck one is tried once more on a fresh client (fresh connections); a simulator that does not
     * answer twice fails the test.
     */
    HttpResponse<String> send(HttpRequest.Builder b) {
        HttpRequest request = b.timeout(Duration.ofSeconds(20)).build();
        try {
            return exchange(http, request);
        } catch (java.util.concurrent.TimeoutException first) {
            try {
                return exchange(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build(), request);
            } catch (java.util.concurrent.TimeoutException second) {
                throw new IllegalStateException("no complete answer within 30 s, twice: " + request.method() + " "
                        + request.uri(), second);
            }
        }
    }

    private static HttpResponse<String> exchange(HttpClient client, HttpRequest request)
            throws java.util.concurrent.TimeoutException {
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static String basicHeader(String email, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    }
}
