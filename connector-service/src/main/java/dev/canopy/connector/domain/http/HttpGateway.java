package dev.canopy.connector.domain.http;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.config.SyncConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one pooled HTTP client of the service, with one {@link RateGate} per API host (shared by every run that talks
 * to it) and one {@link CircuitBreaker} per connection.
 */
@ApplicationScoped
public class HttpGateway {
    private final HttpClient http;
    private final SyncConfig.Http config;
    private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
    private final Map<UUID, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    final Counter requests;
    final Counter rateLimited;
    final Counter retries;
    final Counter bytes;

    public HttpGateway(SyncConfig sync, MeterRegistry registry) {
        this.config = sync.http();
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "atlassian-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        this.requests = registry.counter("canopy.sync.http.requests");
        this.rateLimited = registry.counter("canopy.sync.http.rate.limited");
        this.retries = registry.counter("canopy.sync.http.retries");
        this.bytes = registry.counter("canopy.sync.http.bytes");
    }

    /** A client for one sync run of a connection: full retries, the connection's circuit breaker. */
    public ApiClient forRun(UUID connectionId, RequestStats stats) {
        CircuitBreaker breaker = breakers.computeIfAbsent(connectionId,
                id -> new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenFor()));
        return new ApiClient(this, breaker, stats, config.maxRetries());
    }

    /** A client for verifying credentials: answers quickly, one retry, its own breaker. */
    public ApiClient forVerification(RequestStats stats) {
        return new ApiClient(this, new CircuitBreaker(Integer.MAX_VALUE, config.circuitOpenFor()), stats, 1);
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

    HttpClient http() {
        return http;
    }

    SyncConfig.Http config() {
        return config;
    }
}
