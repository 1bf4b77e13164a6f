package dev.canopy.connector.domain.http;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.egress.EgressPolicy;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.PinnedRequests;
import dev.canopy.support.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The one pooled HTTP client of the service, with one {@link RateGate} per API host (shared by every run that talks
 * to it) and one {@link CircuitBreaker} per connection.
 *
 * <p>Transport: Vert.x core HTTP client, because the connection must go to the address the {@link EgressPolicy}
 * checked, not to whatever DNS answers a moment later (java.net.http resolves by itself and cannot be pinned). Each
 * exchange names the checked IP as the server address while the Host header and TLS SNI (and certificate host
 * verification) carry the URL's host name. No automatic redirects; bodies are read chunk by chunk up to a cap, after
 * which the connection is reset. Blocking callers (sync workers, verification) wait on the result off the event loop.
 */
@ApplicationScoped
public class HttpGateway {
    private final HttpClient http;
    private final SyncConfig.Http config;
    private final EgressPolicy egress;
    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final Map<UUID, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    final Counter requests;
    final Counter rateLimited;
    final Counter retries;
    final Counter bytes;
    final Counter refused;

    public HttpGateway(SyncConfig sync, EgressPolicy egress, Vertx vertx, MeterRegistry registry) {
        this.config = sync.http();
        this.egress = egress;
        this.http = vertx.createHttpClient(PinnedRequests.clientOptions(64, config.connectTimeout()));
        this.requests = registry.counter("canopy.sync.http.requests");
        this.rateLimited = registry.counter("canopy.sync.http.rate.limited");
        this.retries = registry.counter("canopy.sync.http.retries");
        this.bytes = registry.counter("canopy.sync.http.bytes");
        this.refused = registry.counter("canopy.sync.http.egress.refused");
    }

    @PreDestroy
    void stop() {
        http.close();
    }

    /** A client for one sync run of a connection: full retries, the connection's circuit breaker. */
    public ApiClient forRun(UUID connectionId, RequestStats stats) {
        CircuitBreaker breaker = breakers.computeIfAbsent(connectionId,
                id -> new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenFor()));
        return new ApiClient(this, breaker, stats, config.maxRetries());
    }

    /**
     * A client for verifying credentials: one retry, its own breaker, and an overall deadline that bounds every
     * call's timeout, backoff and Retry-After wait (a call that cannot finish in time fails with
     * {@link DeadlineExceededException}).
     */
    public ApiClient forVerification(RequestStats stats, java.time.Instant deadline) {
        return new ApiClient(this, new CircuitBreaker(Integer.MAX_VALUE, config.circuitOpenFor()), stats, 1, deadline);
    }

    /**
     * Atlassian limits per credential and product (admin, Confluence, Jira, Teams gateway): one gate per API base,
     * first path segment and credential, so one tenant's throttling never slows another's requests.
     */
    RateGate gate(String apiBase, String url, Credentials credentials) {
        String rest = url.startsWith(apiBase) ? url.substring(apiBase.length()) : url;
        String family = rest.replaceFirst("^/+", "").replaceFirst("[/?].*$", "");
        String key = apiBase + "|" + family + "|" + Integer.toHexString(credentials.header().hashCode());
        return gates.computeIfAbsent(key, k -> new RateGate(config.maxConcurrencyPerSite(), config.slowDownBelow()));
    }

    /** What one exchange answered; {@code body} is null when it was larger than the cap. */
    record Answer(int status, MultiMap headers, byte[] body, long bytesRead) {
        boolean tooLarge() {
            return body == null;
        }
    }

    /** One request to an already checked address, no redirects, at most {@code maxBytes} of body read. */
    Answer exchange(OutboundGuard.ResolvedTarget to, HttpMethod method, Map<String, String> headers, byte[] body,
            long maxBytes) throws IOException {
        return exchange(to, method, headers, body, maxBytes, config.requestTimeout());
    }

    /** The same with the timeout of this exchange (the time left of a caller's deadline, at most the configured one). */
    Answer exchange(OutboundGuard.ResolvedTarget to, HttpMethod method, Map<String, String> headers, byte[] body,
            long maxBytes, Duration timeout) throws IOException {
        RequestOptions options = PinnedRequests.request(to, method, config.connectTimeout(), timeout);
        headers.forEach(options::putHeader);
        options.putHeader("user-agent", "Canopy-Connector/1.0");
        CompletableFuture<Answer> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        http.request(options).onFailure(result::completeExceptionally).onSuccess(request -> {
            sent.set(request);
            request.exceptionHandler(result::completeExceptionally);
            (body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .onFailure(result::completeExceptionally)
                    .onSuccess(response -> readBounded(response, maxBytes, result));
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset();
            }
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset();
            }
            throw new SyncInterruptedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getClass().getSimpleName(), cause);
        }
    }

    private static void readBounded(HttpClientResponse response, long maxBytes, CompletableFuture<Answer> result) {
        Buffer data = Buffer.buffer();
        long[] read = {0};
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            read[0] += chunk.length();
            if (read[0] > maxBytes) {
                result.complete(new Answer(response.statusCode(), response.headers(), null, read[0]));
                response.request().reset();
                return;
            }
            data.appendBuffer(chunk);
        });
        response.exceptionHandler(result::completeExceptionally);
        response.endHandler(v -> result.complete(new Answer(response.statusCode(), response.headers(), data.getBytes(),
                read[0])));
    }

    SyncConfig.Http config() {
        return config;
    }

    EgressPolicy egress() {
        return egress;
    }
}
