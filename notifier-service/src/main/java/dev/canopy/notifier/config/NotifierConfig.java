package dev.canopy.notifier.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/**
 * Delivery, retry and target-safety settings of the notifier ({@code canopy.notifier.*}). The default and the
 * environment variable of each setting are in {@code application.properties} only (as
 * {@code ${NOTIFIER_...:default}}), so they are written once; the service README lists them.
 */
@ConfigMapping(prefix = "canopy.notifier")
public interface NotifierConfig {

    /** Allow loopback and private targets (local development and tests only). Cloud metadata stays refused. */
    boolean allowPrivateTargets();

    /** Refuse plain http:// endpoint URLs. */
    boolean requireHttps();

    /** Delay before each attempt: the first entry is attempt 1, the list length is the number of attempts. */
    List<Duration> retrySchedule();

    /** Random spread of each retry delay, as a fraction of it (0.2 = ±20 %). */
    double retryJitter();

    /** Longest Retry-After the notifier honours. */
    Duration maxRetryAfter();

    Duration connectTimeout();

    /** Whole request: connect, send, response headers and (bounded) body. */
    Duration requestTimeout();

    /** Response bytes read at most; the rest is dropped with the connection. */
    int maxResponseBytes();

    /** Webhook payload size bound; long text fields are cut to stay under it. */
    int maxPayloadBytes();

    /** Requests in flight to one subscription endpoint at most. */
    int endpointConcurrency();

    /** Jobs waiting in memory per endpoint; beyond it jobs stay in the database for the poller. */
    int endpointQueue();

    /** Consecutive failures that open an endpoint's circuit. */
    int circuitFailureThreshold();

    /** How long an open circuit holds deliveries back before one trial request. */
    Duration circuitOpenFor();

    /** An endpoint failing without any success for this long is disabled and the tenant notified. */
    Duration disableAfter();

    /** How often due jobs (retries, recovered leases) are claimed from the database. */
    Duration pollInterval();

    /** How long a claimed job belongs to this instance before another may take it over. */
    Duration lease();

    int claimBatch();

    /** After a secret rotation the previous secret keeps signing for this long. */
    Duration rotationOverlap();

    /** Base URL of the findings REST API, for the links in payloads. */
    String findingsApiUrl();
}
