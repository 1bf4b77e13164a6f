package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.canopy.support.time.UtcTimes;
import io.vertx.mutiny.sqlclient.Row;

/** A delivery as the REST API shows it. {@code attempts} is empty in lists and filled for a single delivery. */
public record DeliveryView(UUID id, String webhookId, UUID subscriptionId, String eventId, String eventType,
        String findingId, String state, int attemptCount, Instant nextAttemptAt, Integer lastStatus, String lastError,
        Integer lastLatencyMs, Instant createdAt, Instant deliveredAt, Instant deadAt, List<AttemptView> attempts) {

    public record AttemptView(int attempt, Instant at, Integer status, int latencyMs, String error) {
    }

    static final String COLUMNS = "id, subscription_id, event_id, event_type, finding_id, state, attempts, next_attempt_at, "
            + "last_status, last_error, last_latency_ms, created_at, delivered_at, dead_at";

    static DeliveryView of(Row r) {
        UUID id = r.getUUID("id");
        String state = r.getString("state");
        return new DeliveryView(id, DeliveryJob.webhookId(id), r.getUUID("subscription_id"), r.getString("event_id"),
                r.getString("event_type"), r.getString("finding_id"), state, r.getInteger("attempts"),
                DeliveryQueue.PENDING.equals(state) ? UtcTimes.instant(r.getValue("next_attempt_at")) : null,
                r.getInteger("last_status"), r.getString("last_error"), r.getInteger("last_latency_ms"),
                UtcTimes.instant(r.getValue("created_at")), UtcTimes.instant(r.getValue("delivered_at")), UtcTimes.instant(r.getValue("dead_at")), List.of());
    }

    DeliveryView withAttempts(List<AttemptView> a) {
        return new DeliveryView(id, webhookId, subscriptionId, eventId, eventType, findingId, state, attemptCount,
                nextAttemptAt, lastStatus, lastError, lastLatencyMs, createdAt, deliveredAt, deadAt, a);
    }
}
