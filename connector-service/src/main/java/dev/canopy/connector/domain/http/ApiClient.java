package dev.canopy.connector.domain.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Blocking Atlassian calls for one run, meant for worker threads. Retries 429 and 503 after {@code Retry-After}
 * (pausing every request to that host), other 5xx, timeouts and I/O errors with exponential backoff and full jitter;
 * 4xx answers fail at once. Every call is counted in the run's {@link RequestStats}.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpGateway gateway;
    private final CircuitBreaker breaker;
    private final RequestStats stats;
    private final int maxRetries;

    ApiClient(HttpGateway gateway, CircuitBreaker breaker, RequestStats stats, int maxRetries) {
        this.gateway = gateway;
        this.breaker = breaker;
        this.stats = stats;
        this.maxRetries = maxRetries;
    }

    public RequestStats stats() {
        return stats;
    }

    /** GET a JSON document; {@code apiBase} names the host whose rate limit the call counts against. */
    public JsonNode getJson(String apiBase, String url, Credentials credentials) {
        return parse(url, send(apiBase, url, credentials, null, Long.MAX_VALUE).body());
    }

    public JsonNode postJson(String apiBase, String url, Credentials credentials, Object body) {
        try {
            return parse(url, send(apiBase, url, credentials, JSON.writeValueAsBytes(body), Long.MAX_VALUE).body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body not serializable", e);
        }
    }

    /** Downloads a file of at most {@code maxBytes}; null when it is larger. */
    public byte[] getBytes(String apiBase, String url, Credentials credentials, long maxBytes) {
        return send(apiBase, url, credentials, null, maxBytes).body();
    }

    private static JsonNode parse(String url, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedResponseException("empty response from " + redact(url), null);
            }
            return node;
        } catch (IOException e) {
            throw new MalformedResponseException("malformed JSON from " + redact(url) + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer send(String apiBase, String url, Credentials credentials, byte[] postBody, long maxBytes) {
        breaker.acquire(apiBase);
        RateGate gate = gateway.gate(apiBase, url, credentials);
        var config = gateway.config();
        int attempt = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SyncInterruptedException();
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(config.requestTimeout())
                    .header("Authorization", credentials.header()).header("Accept", "application/json");
            if (postBody != null) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(postBody));
            } else {
                b.GET();
            }
            Duration wait;
            String failure;
            try {
                gate.acquire();
                HttpResponse<InputStream> response;
                try {
                    stats.request();
                    gateway.requests.increment();
                    response = gateway.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                    var h = response.headers();
                    gate.observe(h.firstValue("X-RateLimit-Limit").orElse(null),
                            h.firstValue("X-RateLimit-Remaining").orElse(null),
                            h.firstValue("X-RateLimit-Reset").orElse(null), Instant.now());
                } finally {
                    gate.release();
                }
                int status = response.statusCode();
                byte[] body = readCapped(response.body(), maxBytes);
                if (body != null) {
                    stats.bytes(body.length);
                    gateway.bytes.increment(body.length);
                }
                if (status >= 200 && status < 300) {
                    breaker.success();
                    return new Answer(status, body);
                }
                Duration retryAfter = RateGate.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        Instant.now());
                if (status == 429 || (status == 503 && retryAfter != null)) {
                    stats.throttled();
                    gateway.rateLimited.increment();
                    wait = retryAfter != null ? retryAfter : backoff(attempt);
                    if (wait.compareTo(config.maxRetryAfter()) > 0) {
                        throw fail(new AtlassianApiException(status, status + " from " + redact(url)
                                + ": asked to wait " + wait.toSeconds() + " s, more than allowed"));
                    }
                    gate.pause(wait);
                    // throttling is the server pacing us, not a failure: it has its own, larger retry budget
                    if (attempt++ >= maxRetries * 4) {
                        throw fail(new AtlassianApiException(status, "still throttled after " + attempt
                                + " attempts: " + redact(url)));
                    }
                    stats.retry();
                    gateway.retries.increment();
                    continue;
                }
                if (status < 500) {
                    breaker.success();
                    throw new AtlassianApiException(status, AtlassianApiException.describe(status) + " from "
                            + redact(url) + errorDetail(body));
                }
                failure = status + " from " + redact(url);
                wait = retryAfter != null ? retryAfter : backoff(attempt);
            } catch (HttpTimeoutException e) {
                failure = "timeout calling " + redact(url);
                wait = backoff(attempt);
            } catch (IOException e) {
                failure = "unreachable: " + redact(url) + " (" + e.getClass().getSimpleName() + ")";
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncInterruptedException();
            }
            if (attempt++ >= maxRetries) {
                int status = failure.startsWith("unreachable") ? 0 : failure.startsWith("timeout") ? 504
                        : Integer.parseInt(failure.substring(0, 3));
                throw fail(new AtlassianApiException(status, failure + " after " + attempt + " attempts"));
            }
            stats.retry();
            gateway.retries.increment();
            sleep(wait);
        }
    }

    private AtlassianApiException fail(AtlassianApiException e) {
        stats.failure();
        breaker.failure();
        return e;
    }

    private Duration backoff(int attempt) {
        var config = gateway.config();
        long cap = Math.min(config.backoffMax().toMillis(), config.backoffBase().toMillis() * (1L << Math.min(attempt, 20)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncInterruptedException();
        }
    }

    private static byte[] readCapped(InputStream in, long maxBytes) throws IOException {
        try (in) {
            if (maxBytes == Long.MAX_VALUE) {
                return in.readAllBytes();
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return data.length > maxBytes ? null : data;
        }
    }

    private static String errorDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return ": " + s;
    }

    /** Query strings may carry cursors but never secrets; still, keep URLs in messages short. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
