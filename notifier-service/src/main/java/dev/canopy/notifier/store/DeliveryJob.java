package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.UUID;

import dev.canopy.support.time.UtcTimes;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A delivery leased by this instance, with what sending it needs from its subscription. {@code attempts} counts
 * every attempt ever made; {@code retryBase} is where the retry schedule restarted after the last replay.
 */
public record DeliveryJob(UUID id, String tenantId, UUID subscriptionId, String eventType, String payload, int attempts,
        int retryBase, String url, String secretEnc, String previousSecretEnc, Instant previousSecretUntil,
        boolean subscriptionEnabled) {

    static final String COLUMNS = "d.id, d.tenant_id, d.subscription_id, d.event_type, d.payload, d.attempts, d.retry_base, "
            + "s.url, s.secret_enc, s.previous_secret_enc, s.previous_secret_until, s.enabled";

    static DeliveryJob of(Row r) {
        return new DeliveryJob(r.getUUID("id"), r.getString("tenant_id"), r.getUUID("subscription_id"),
                r.getString("event_type"), r.getString("payload"), r.getInteger("attempts"), r.getInteger("retry_base"),
                r.getString("url"), r.getString("secret_enc"), r.getString("previous_secret_enc"),
                UtcTimes.instant(r.getValue("previous_secret_until")), r.getBoolean("enabled"));
    }

    /** A job just inserted and leased for {@code s}: no attempt yet, what sending needs taken from the subscription. */
    public static DeliveryJob leasedNew(UUID id, Subscription s, String eventType, String payload) {
        return new DeliveryJob(id, s.tenantId(), s.id(), eventType, payload, 0, 0, s.url(), s.secretEnc(),
                s.previousSecretEnc(), s.previousSecretUntil(), true);
    }

    /** Standard Webhooks {@code webhook-id}: stable for this event and subscription, across retries and replays. */
    public String webhookId() {
        return webhookId(id);
    }

    public static String webhookId(UUID deliveryId) {
        return "msg_" + deliveryId.toString().replace("-", "");
    }

    /** Attempts made since the schedule (re)started. */
    public int attemptsInCycle() {
        return attempts - retryBase;
    }
}
