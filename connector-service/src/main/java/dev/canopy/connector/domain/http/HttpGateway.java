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

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.egress.EgressPolicy;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.PinnedRequests;
import dev.canopy.support.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The one pooled HTTP client of the service, with one {@link RateGate} per API host (shared by every run that talks
 * to it) and one {@link CircuitBreaker} per connection.
 *
 * <p>Transport: Vert.x Web Client, because the connection must go to the address the {@link EgressPolicy} checked,
 * not to whatever DNS answers a moment later (java.net.http resolves by itself and cannot be pinned). Each exchange
 * names the checked IP as the server address ({@link PinnedRequests}) while the Host header and TLS SNI (and
 * certificate host verification) carry the URL's host name. No automatic redirects; bodies go through
 * {@link BoundedBody}, which stops reading at a cap (the paused connection is then reset by the idle timeout). Blocking callers (sync
 * workers, verification) wait on the Web Client's future on their own threads, never on an event loop.
 */
@ApplicationScoped
public class HttpGateway {
    private final WebClient web;
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
        WebClientOptions options = new WebClientOptions(PinnedRequests.clientOptions(64, config.connectTimeout()));
        options.setFollowRedirects(false).setUserAgent("Canopy-Connector/1.0");
        // a request's own idle timeout ends when the answer's head arrives, and Web Client keeps no handle to reset a
        // request whose body is being read: a connection left paused by BoundedBody (body over the cap, caller gone)
        // is closed by this connection-level timeout once nothing was read for that long
        options.setReadIdleTimeout((int) config.requestTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        this.web = WebClient.create(vertx, options);
        this.requests = registry.counter("canopy.sync.http.requests");
        this.rateLimited = registry.counter("canopy.sync.http.rate.limited");
        this.retries = registry.counter("canopy.sync.http.retries");
        this.bytes = registry.counter("canopy.sync.http.bytes");
        this.refused = registry.counter("canopy.sync.http.egress.refused");
    }

    @PreDestroy
    void stop() {
        web.close();
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

    /** What one exchange answered; {@code body} is null when it was larger than the cap (status and headers unknown then). */
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

    /**
     * The same with the timeout of this exchange (the time left of a caller's deadline, at most the configured one).
     * Blocks the calling worker thread until the Web Client's answer arrives; never call it on an event loop, which
     * the answer itself needs.
     */
    Answer exchange(OutboundGuard.ResolvedTarget to, HttpMethod method, Map<String, String> headers, byte[] body,
            long maxBytes, Duration timeout) throws IOException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking Atlassian call on an event-loop thread");
        }
        RequestOptions options = PinnedRequests.request(to, method, config.connectTimeout(), timeout);
        // completed by the Web Client's answer, or earlier by the body codec when the body passes the cap
        CompletableFuture<Answer> outcome = new CompletableFuture<>();
        BoundedBody sink = new BoundedBody(maxBytes,
                read -> outcome.complete(new Answer(0, MultiMap.caseInsensitiveMultiMap(), null, read)));
        HttpRequest<byte[]> request = web.request(method, options.getServer(), options).as(sink.codec());
        headers.forEach(request::putHeader);
        (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).onComplete(ar -> {
            if (ar.failed()) {
                outcome.completeExceptionally(ar.cause());
                return;
            }
            byte[] bytes = ar.result().body() == null ? new byte[0] : ar.result().body();
            outcome.complete(new Answer(ar.result().statusCode(), ar.result().headers(), bytes, bytes.length));
        });
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sink.stop();
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            sink.stop();
            Thread.currentThread().interrupt();
            throw new SyncInterruptedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                // the request's idle timeout (Vert.x fails the exchange with a TimeoutException subtype)
                throw new HttpTimeoutException("no data for " + timeout.toMillis() + " ms");
            }
            throw cause instanceof IOException io ? io : new IOException(cause.getClass().getSimpleName(), cause);
        }
    }

    SyncConfig.Http config() {
        return config;
    }

    EgressPolicy egress() {
        return egress;
    }
}
