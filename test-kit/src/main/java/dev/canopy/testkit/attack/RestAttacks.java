package dev.canopy.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.contracts.rest.TenantClaims;
import dev.canopy.testkit.TestTokens;

/**
 * Attacks on the REST surface every service shares (tokens, error bodies, management endpoints, floods), as plain
 * HTTP against the running test application on loopback. Each service's {@code attack} test classes call these with
 * their own endpoints.
 */
public final class RestAttacks {
    public static final List<String> SERVICES = List.of("connector", "inventory", "findings", "notifier");
    /** What must never appear in an error body: Java types, packages, exception names, verifier messages. */
    private static final Pattern INTERNALS = Pattern.compile(
            "java\\.|javax\\.|jakarta\\.|dev\\.canopy|io\\.quarkus|io\\.smallrye|org\\.jose4j|com\\.fasterxml|io\\.vertx"
                    + "|Exception|SRJWT|jose4j|\\bclass\\b|`[A-Za-z.]+`");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RestAttacks() {
    }

    /** One HTTP answer with its parsed body (null when not JSON). */
    public record Answer(int status, String contentType, String body, JsonNode json, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public static Answer send(URL base, String method, String path, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                // not JSON
            }
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), json,
                    r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Answer get(URL base, String path, String token) {
        return send(base, "GET", path, token, null);
    }

    /** An RFC 7807 body with the status, a detail, and nothing of the implementation in it. */
    public static void assertSafeProblem(Answer a, int status) {
        assertEquals(status, a.status(), () -> "status of " + a.body());
        assertTrue(a.contentType().startsWith("application/problem+json"), () -> "content type " + a.contentType()
                + " of " + a.body());
        assertNotNull(a.json(), () -> "problem body is JSON: " + a.body());
        assertEquals(status, a.json().path("status").asInt(), a.body());
        assertFalse(a.json().path("title").asText().isBlank(), a.body());
        assertFalse(a.json().path("detail").asText().isBlank(), a.body());
        assertFalse(INTERNALS.matcher(a.body()).find(), () -> "body names implementation details: " + a.body());
    }

    /**
     * A token minted for every other service is refused by this one (401 problem+json saying so), the same token
     * content for this service is served, and a token without any audience is refused too.
     */
    public static void tokensForOtherServicesAreRefused(URL base, String ownService, String path) {
        String tenant = "aud-" + ownService + "-" + System.nanoTime();
        Answer own = get(base, path, TestTokens.forAudience(TenantClaims.audience(ownService), tenant,
                "tenant-admin", "tenant-reader"));
        assertEquals(200, own.status(), () -> "a token for " + ownService + " is served: " + own.body());
        for (String other : SERVICES) {
            if (other.equals(ownService)) {
                continue;
            }
            Answer a = get(base, path, TestTokens.forAudience(TenantClaims.audience(other), tenant, "tenant-admin",
                    "tenant-reader"));
            assertSafeProblem(a, 401);
            assertTrue(a.json().path("detail").asText().contains("not issued for this service"), a.body());
        }
        assertSafeProblem(get(base, path, TestTokens.forAudience(null, tenant, "tenant-admin", "tenant-reader")), 401);
    }

    /** Forged, expired, too old, malformed and missing tokens: 401 problem+json with a reason, nothing internal. */
    public static void invalidTokensGetProblemBodies(URL base, String path) {
        String tenant = "forged-" + System.nanoTime();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("signed by a stranger", TestTokens.signedByStranger(tenant));
        cases.put("expired", TestTokens.expired(tenant, Duration.ofMinutes(10)));
        cases.put("older than the maximum age", TestTokens.issuedAgo(tenant, Duration.ofHours(6)));
        cases.put("not a JWT", "not.a.jwt");
        cases.put("alg none", "eyJhbGciOiJub25lIn0.eyJ0ZW5hbnRfaWQiOiJ4In0.");
        Map<String, String> expected = Map.of("signed by a stranger", "signature", "expired", "expired",
                "older than the maximum age", "maximum token age");
        cases.forEach((what, token) -> {
            Answer a = get(base, path, token);
            assertSafeProblem(a, 401);
            assertNotNull(a.header("WWW-Authenticate"), what + ": WWW-Authenticate");
            assertTrue(a.header("WWW-Authenticate").startsWith("Bearer"), what);
            if (expected.containsKey(what)) {
                assertTrue(a.json().path("detail").asText().contains(expected.get(what)), what + ": " + a.body());
            }
        });
        assertSafeProblem(get(base, path, null), 401);
    }

    /**
     * The public port serves no /q endpoint; the management port serves health and metrics; Swagger UI is off
     * outside dev mode.
     */
    public static void managementEndpointsOnlyOnTheManagementPort(URL publicBase, URL management) {
        assertNotEquals(publicBase.getPort(), management.getPort(), "management on its own port");
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi",
                "/q/swagger-ui/", "/q/dev-ui/")) {
            Answer a = get(publicBase, path, null);
            assertNotEquals(200, a.status(), () -> "public port serves " + path + ": " + a.body());
            assertFalse(a.body().contains("# TYPE"), path);
        }
        URL root = rootOf(management);
        Answer ready = get(root, "/q/health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        Answer metrics = get(root, "/q/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text on the management port");
        assertNotEquals(200, get(root, "/q/swagger-ui/", null).status(), "Swagger UI off outside dev mode");
    }

    /** Fires {@code count} requests with {@code threads} in parallel and returns every answer. */
    public static List<Answer> flood(URL base, String method, String path, String token, String body, int count,
            int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> send(base, method, path, token, body)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The answers were partly refused with 429 problem+json and a whole-second Retry-After. */
    public static Answer assertSomeTooManyRequests(List<Answer> answers) {
        Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElse(null);
        assertNotNull(refused, () -> "no 429 among " + answers.stream().map(Answer::status).toList());
        assertSafeProblem(refused, 429);
        String retryAfter = refused.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);
        return refused;
    }

    private static URL rootOf(URL url) {
        try {
            return URI.create(url.getProtocol() + "://" + url.getHost() + ":" + url.getPort()).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
