package dev.canopy.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.contracts.events.data.WebhookEndpointDisabledData;
import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.store.DeliveredWriter;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.SubscriptionStore;
import dev.canopy.support.net.TargetRefusedException;
import dev.canopy.support.resilience.CircuitBreaker;
import dev.canopy.support.resilience.RetryAfter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * One attempt of one delivery, start to finish: check the target again (DNS rebinding), sign, POST, then store the
 * outcome — delivered; retry later (schedule, jitter, Retry-After); dead after the last attempt (dead-letter
 * topic); or the subscription disabled (410 Gone, or failing longer than {@code disable-after}) with a notice.
 */
@ApplicationScoped
public class DeliveryAttempts {
    private static final Logger LOG = Logger.getLogger(DeliveryAttempts.class);
    private static final long SUCCESS_HEALTH_WRITE_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Inject
    NotifierConfig config;

    @Inject
    DeliveryQueue queue;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveredWriter delivered;

    @Inject
    EndpointClient http;

    @Inject
    SigningSecretCipher cipher;

    @Inject
    DeliveryNotices notices;

    @Inject
    MeterRegistry metrics;

    @Inject
    TargetChecker targets;

    private RetryPolicy retries;
    private Timer latency;

    @PostConstruct
    void init() {
        retries = new RetryPolicy(config.retrySchedule(), config.retryJitter(), config.maxRetryAfter());
        latency = Timer.builder("canopy.notifier.attempt.latency").publishPercentiles(0.5, 0.99).register(metrics);
    }

    Uni<Void> attempt(DeliveryJob job, String owner, EndpointLane lane, BooleanSupplier current) {
        if (!job.subscriptionEnabled()) {
            String reason = "subscription is disabled";
            return queue.kill(job, owner, reason, Instant.now())
                    .flatMap(killed -> killed ? notices.deadDelivery(job, reason) : Uni.createFrom().voidItem());
        }
        return targets.check(job.url())
                .flatMap(target -> http.post(target, headers(job), job.payload()))
                .onFailure(TargetRefusedException.class)
                .recoverWithItem(e -> new EndpointClient.Result(null, null, 0, "target refused: " + e.getMessage(), null))
                .flatMap(result -> current.getAsBoolean() ? record(job, owner, lane, result) : Uni.createFrom().voidItem());
    }

    private Map<String, String> headers(DeliveryJob job) {
        long timestamp = Instant.now().getEpochSecond();
        List<String> secrets = new ArrayList<>(2);
        String subscription = job.subscriptionId().toString();
        secrets.add(cipher.open(job.tenantId(), subscription, job.secretEnc()));
        if (job.previousSecretEnc() != null && job.previousSecretUntil() != null && job.previousSecretUntil().isAfter(Instant.now())) {
            secrets.add(cipher.open(job.tenantId(), subscription, job.previousSecretEnc()));
        }
        return Map.of("webhook-id", job.webhookId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.sign(secrets, job.webhookId(), timestamp, job.payload()));
    }

    private Uni<Void> record(DeliveryJob job, String owner, EndpointLane lane, EndpointClient.Result result) {
        Instant now = Instant.now();
        int number = job.attempts() + 1;
        latency.record(Duration.ofMillis(result.latencyMs()));
        String error = result.error() != null ? result.error()
                : result.success() ? null : "HTTP " + result.status() + excerpt(result.bodyExcerpt());
        var attempt = new DeliveryQueue.Attempt(number, now, result.status(), (int) result.latencyMs(), error);
        if (result.success()) {
            metrics.counter("canopy.notifier.attempts", "outcome", "delivered").increment();
            lane.breaker.onSuccess();
            delivered.delivered(job, owner, number, now, result.status(), (int) result.latencyMs());
            return healthAfterSuccess(job, lane, now);
        }
        if (result.status() != null && result.status() == 410) {
            metrics.counter("canopy.notifier.attempts", "outcome", "gone").increment();
            String reason = "endpoint answered 410 Gone";
            return queue.recordAttempt(job, owner, attempt, DeliveryQueue.DEAD, null)
                    .flatMap(ok -> notices.deadDelivery(job, reason + "; subscription disabled"))
                    .flatMap(v -> disable(job, reason, null, now));
        }
        metrics.counter("canopy.notifier.attempts", "outcome", "failed").increment();
        lane.breaker.onFailure(now);
        synchronized (lane) {
            lane.failingKnown = true;
        }
        Duration retryAfter = RetryAfter.parse(result.retryAfter(), now).orElse(null);
        Instant next = retries.nextAttempt(job.attemptsInCycle() + 1, now, retryAfter);
        Uni<Boolean> stored = next == null
                ? queue.recordAttempt(job, owner, attempt, DeliveryQueue.DEAD, null).call(ok -> {
                    metrics.counter("canopy.notifier.deliveries.dead").increment();
                    return ok ? notices.deadDelivery(job, "no success after " + (job.attemptsInCycle() + 1)
                            + " attempts; last: " + error) : Uni.createFrom().voidItem();
                })
                : queue.recordAttempt(job, owner, attempt, DeliveryQueue.PENDING, next);
        return stored.flatMap(ok -> subscriptions.recordFailure(job.tenantId(), job.subscriptionId(), now))
                .flatMap(failingSince -> failingSince != null && failingSince.plus(config.disableAfter()).isBefore(now)
                        ? disable(job, "endpoint failing since " + failingSince, failingSince, now)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> healthAfterSuccess(DeliveryJob job, EndpointLane lane, Instant now) {
        synchronized (lane) {
            long t = System.nanoTime();
            if (!lane.failingKnown && t - lane.lastSuccessWriteNanos < SUCCESS_HEALTH_WRITE_NANOS) {
                return Uni.createFrom().voidItem();
            }
            lane.failingKnown = false;
            lane.lastSuccessWriteNanos = t;
        }
        return subscriptions.recordSuccess(job.tenantId(), job.subscriptionId(), now);
    }

    private Uni<Void> disable(DeliveryJob job, String reason, Instant failingSince, Instant now) {
        return subscriptions.disable(job.tenantId(), job.subscriptionId(), reason, now).flatMap(disabled -> {
            if (!disabled) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("subscription %s of tenant %s disabled: %s", job.subscriptionId(), job.tenantId(), reason);
            metrics.counter("canopy.notifier.subscriptions.disabled").increment();
            return notices.endpointDisabled(job.tenantId(), new WebhookEndpointDisabledData(
                    job.subscriptionId().toString(), job.url(), reason, failingSince, now));
        });
    }

    private static String excerpt(String body) {
        return body == null || body.isBlank() ? "" : ": " + body.strip();
    }
}
