package dev.canopy.notifier.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery, retry and target-safety settings of the notifier ({@code canopy.notifier.*}). */
@ConfigMapping(prefix = "canopy.notifier")
public interface NotifierConfig {

    /** Allow loopback and private targets (local development and tests only). Cloud metadata stays refused. */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Refuse plain http:// endpoint URLs. */
    @WithDefault("true")
    boolean requireHttps();

    /** Delay before each attempt: the first entry is attempt 1, the list length is the number of attempts. */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread of each retry delay, as a fraction of it (0.2 = ±20 %). */
    @WithDefault("0.2")
    double retryJitter();

    /** Longest Retry-After the notifier honours. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Whole request: connect, send, response headers and (bounded) body. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** Response bytes read at most; the rest is dropped with the connection. */
    @WithDefault("65536")
    int maxResponseBytes();

    /** Webhook payload size bound; long text fields are cut to stay under it. */
    @WithDefault("16384")
    int maxPayloadBytes();

    /** Requests in flight to one subscription endpoint at most. */
    @WithDefault("8")
    int endpointConcurrency();

    /** Jobs waiting in memory per endpoint; beyond it jobs stay in the database for the poller. */
    @WithDefault("1000")
    int endpointQueue();

    /** Consecutive failures that open an endpoint's circuit. */
    @WithDefault("5")
    int circuitFailureThreshold();

    /** How long an open circuit holds deliveries back before one trial request. */
    @WithDefault("60s")
    Duration circuitOpenFor();

    /** An endpoint failing without any success for this long is disabled and the tenant notified. */
    @WithDefault("5d")
    Duration disableAfter();

    /** How often due jobs (retries, recovered leases) are claimed from the database. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claimed job belongs to this instance before another may take it over. */
    @WithDefault("60s")
    Duration lease();

    @WithDefault("200")
    int claimBatch();

    /** After a secret rotation the previous secret keeps signing for this long. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** Base URL of the findings REST API, for the links in payloads. */
    @WithDefault("http://localhost:8083")
    String findingsApiUrl();
}
