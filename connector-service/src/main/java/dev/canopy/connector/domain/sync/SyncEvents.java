package dev.canopy.connector.domain.sync;

import java.time.Instant;
import java.util.List;

import dev.canopy.contracts.events.data.EntityData;

/**
 * Where a sync's events go. The domain decides what to emit and when to wait for it; messaging
 * ({@code EventPublisher}) decides how (Kafka channel, CloudEvent encoding, record keys), so {@code domain/sync} does
 * not depend on messaging.
 */
public interface SyncEvents {
    /** Who emits: the tenant, connection and run every event of a sync carries. */
    record Origin(String tenantId, String connectionId, String runId) {
        public String source() {
            return "/canopy/connector/" + connectionId;
        }
    }

    /**
     * Sends a batch and blocks (worker threads only) until every record of it is acknowledged; throws if any record
     * failed. Only after it returns may a caller commit what the batch stands for (hashes, checkpoints).
     */
    void publishAndAwait(Origin origin, Instant observedAt, List<? extends EntityData> batch);
}
