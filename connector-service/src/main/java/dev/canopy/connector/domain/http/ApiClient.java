package dev.canopy.connector.domain.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.connector.domain.egress.EgressPolicy;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.OutboundTarget;
import dev.canopy.support.net.TargetRefusedException;
import dev.canopy.support.resilience.CircuitBreaker;
import dev.canopy.support.resilience.RetryAfter;
import io.vertx.core.http.HttpMethod;

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
    /** Overall deadline of every call made through this client (verification), null for none. */
    private final Instant deadline;

    ApiClient(HttpGateway gateway, CircuitBreaker breaker, RequestStats stats, int maxRetries) {
        this(gateway, breaker, stats, maxRetries, null);
    }

    ApiClient(HttpGateway gateway, CircuitBreaker breaker, RequestStats stats, int maxRetries, Instant deadline) {
        this.gateway = gateway;
        this.breaker = breaker;
        this.stats = stats;
        this.maxRetries = maxRetries;
        this.deadline = deadline;
    }

    /** Time left before the deadline (the configured request timeout when there is none). */
    private Duration remaining(String url) {
        Duration timeout = gateway.config().requestTimeout();
        if (deadline == null) {
            return timeout;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new DeadlineExceededException("deadline reached before " + redact(url) + " answered");
        }
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    public RequestStats stats() {
        return stats;
    }

    /** GET a JSON document; {@code apiBase} names the host whose rate limit the call counts against. */
    public JsonNode getJson(String apiBase, String url, Credentials credentials) {
        return parse(url, send(apiBase, url, credentials, null, gateway.egress().maxJsonBytes()).body());
    }

    public JsonNode postJson(String apiBase, String url, Credentials credentials, Object body) {
        try {
            return parse(url, send(apiBase, url, credentials, JSON.writeValueAsBytes(body),
                    gateway.egress().maxJsonBytes()).body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body not serializable", e);
        }
    }

    /** Downloads a file of at most {@code maxBytes}; null when it is larger (reading stops at the cap). */
    public byte[] getBytes(String apiBase, String url, Credentials credentials, long maxBytes) {
        try {
            return send(apiBase, url, credentials, null, maxBytes).body();
        } catch (ResponseTooLargeException e) {
            return null;
        }
    }

    private static JsonNode parse(String url, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedResponseException("empty response from " + redact(url), null);
            }
            return node;
        } catch (IOException e) {
            // no parser detail: it quotes the answer, and answers never reach run records
            throw new MalformedResponseException("malformed JSON from " + redact(url), e);
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer send(String apiBase, String url, Credentials credentials, byte[] postBody, long maxBytes) {
        String apiOrigin = firstHop(apiBase, url);
        if (!breaker.tryAcquire(Instant.now())) {
            throw new CircuitOpenException("circuit open for " + apiBase + " after " + breaker.consecutiveFailures()
                    + " consecutive failures; retrying later");
        }
        RateGate gate = gateway.gate(apiBase, url, credentials);
        var config = gateway.config();
        int attempt = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SyncInterruptedException();
            }
            Duration wait;
            String failure;
            Duration timeout = remaining(url);
            try {
                HttpGateway.Answer response;
                gate.acquire();
                try {
                    response = exchange(url, apiOrigin, credentials, postBody, maxBytes, timeout);
                    var h = response.headers();
                    gate.observe(h.get("X-RateLimit-Limit"), h.get("X-RateLimit-Remaining"), h.get("X-RateLimit-Reset"),
                            Instant.now());
                } finally {
                    gate.release();
                }
                int status = response.status();
                stats.bytes(response.bytesRead());
                gateway.bytes.increment(response.bytesRead());
                if (response.tooLarge()) {
                    // the server answered (no outage), but more than we read; whatever its status, the call fails
                    breaker.onSuccess();
                    throw new ResponseTooLargeException("response too large (over " + maxBytes + " bytes) from "
                            + redact(url));
                }
                if (status >= 200 && status < 300) {
                    breaker.onSuccess();
                    return new Answer(status, response.body());
                }
                Duration retryAfter = RetryAfter.parse(response.headers().get("Retry-After"), Instant.now()).orElse(null);
                if (status == 429 || (status == 503 && retryAfter != null)) {
                    stats.throttled();
                    gateway.rateLimited.increment();
                    wait = retryAfter != null ? retryAfter : backoff(attempt);
                    if (deadline != null && Instant.now().plus(wait).isAfter(deadline)) {
                        throw new DeadlineExceededException("asked to wait past the deadline by " + redact(url));
                    }
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
                    breaker.onSuccess();
                    // the status and a classified reason only: answer bodies never reach run records or tenants
                    throw new AtlassianApiException(status, AtlassianApiException.describe(status) + " from " + redact(url));
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
            if (deadline != null && Instant.now().plus(wait).isAfter(deadline)) {
                throw new DeadlineExceededException("deadline reached: " + failure);
            }
            stats.retry();
            gateway.retries.increment();
            sleep(wait);
        }
    }

    /**
     * The first request of a call must stay on the API's own origin (a pagination or download link naming another
     * host is not followed with the credential); the URL must pass the egress policy. Answers the API origin.
     */
    private String firstHop(String apiBase, String url) {
        EgressPolicy egress = gateway.egress();
        try {
            String apiOrigin = egress.check(apiBase).origin();
            OutboundTarget target = egress.check(url);
            if (!target.origin().equals(apiOrigin)) {
                throw new TargetRefusedException("link to " + target.host() + " leaves the connection's host "
                        + egress.check(apiBase).host());
            }
            return apiOrigin;
        } catch (TargetRefusedException e) {
            throw refused(e);
        }
    }

    private EgressRefusedException refused(TargetRefusedException e) {
        gateway.refused.increment();
        return new EgressRefusedException(EgressPolicy.describe(e));
    }

    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);

    /**
     * One call, redirects followed by hand: every hop is resolved and checked by the egress policy and connected to
     * the checked address; Authorization is sent only to the API's own origin (a hop to the media host gets none).
     */
    private HttpGateway.Answer exchange(String url, String apiOrigin, Credentials credentials, byte[] postBody,
            long maxBytes, Duration timeout) throws IOException {
        EgressPolicy egress = gateway.egress();
        String current = url;
        HttpMethod method = postBody == null ? HttpMethod.GET : HttpMethod.POST;
        byte[] body = postBody;
        for (int hop = 0; ; hop++) {
            OutboundGuard.ResolvedTarget to;
            try {
                to = egress.resolve(current);
            } catch (TargetRefusedException e) {
                throw refused(e);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            if (to.target().origin().equals(apiOrigin)) {
                headers.put("Authorization", credentials.header());
            }
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            stats.request();
            gateway.requests.increment();
            HttpGateway.Answer answer = gateway.exchange(to, method, headers, body, maxBytes, timeout);
            String location = answer.headers().get("Location");
            if (!REDIRECTS.contains(answer.status()) || location == null) {
                return answer;
            }
            if (hop >= egress.maxRedirects()) {
                throw new AtlassianApiException(answer.status(), "more than " + egress.maxRedirects()
                        + " redirects from " + redact(url));
            }
            String next;
            try {
                next = URI.create(current).resolve(location.trim()).toString();
            } catch (IllegalArgumentException e) {
                throw refused(new TargetRefusedException("redirect to an invalid URL"));
            }
            if (answer.status() == 303 || ((answer.status() == 301 || answer.status() == 302) && body != null)) {
                method = HttpMethod.GET;
                body = null;
            } else if (body != null) {
                try {
                    if (!egress.check(next).origin().equals(apiOrigin)) {
                        throw new TargetRefusedException("a request body is never re-sent to another host");
                    }
                } catch (TargetRefusedException e) {
                    throw refused(e);
                }
            }
            current = next;
        }
    }

    private AtlassianApiException fail(AtlassianApiException e) {
        stats.failure();
        breaker.onFailure(Instant.now());
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

    /** Query strings may carry cursors but never secrets; still, keep URLs in messages short. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
