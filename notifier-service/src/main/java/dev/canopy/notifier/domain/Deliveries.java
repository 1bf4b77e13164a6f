package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.DeliveryStore;
import dev.canopy.notifier.store.DeliveryView;
import io.smallrye.mutiny.Uni;

/**
 * Deliveries as tenants see and replay them. Tenant id first on every call; a delivery the tenant does not have is
 * a null item. A replay sets the job pending again with the same webhook-id and restarts its retry schedule; the
 * dispatcher's poller picks it up.
 */
@ApplicationScoped
public class Deliveries {
    public static final Set<String> STATES = Set.of(DeliveryQueue.PENDING, DeliveryQueue.DELIVERED, DeliveryQueue.DEAD);

    public enum Replay { REPLAYED, STILL_PENDING, NOT_FOUND }

    private final DeliveryStore deliveries;

    public Deliveries(DeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    /** Newest first, up to {@code limit} rows older than the cursor ({@code beforeTime}, {@code beforeId}). */
    public Uni<List<DeliveryView>> list(String tenantId, UUID subscriptionId, String state, Instant beforeTime,
            UUID beforeId, int limit) {
        return deliveries.list(tenantId, subscriptionId, state, beforeTime, beforeId, limit);
    }

    /** One delivery with all its attempts. */
    public Uni<DeliveryView> find(String tenantId, UUID id) {
        return deliveries.find(tenantId, id);
    }

    /** Replays a dead or delivered delivery; a pending one is left alone. */
    public Uni<Replay> replay(String tenantId, UUID id) {
        return deliveries.replay(tenantId, id, Instant.now()).flatMap(replayed -> replayed
                ? Uni.createFrom().item(Replay.REPLAYED)
                : deliveries.find(tenantId, id).map(d -> d == null ? Replay.NOT_FOUND : Replay.STILL_PENDING));
    }

    /** Replays every dead delivery that died at or after {@code since} (optionally of one subscription). */
    public Uni<Integer> replayDeadSince(String tenantId, Instant since, UUID subscriptionId) {
        return deliveries.replayDeadSince(tenantId, since, subscriptionId, Instant.now());
    }
}
