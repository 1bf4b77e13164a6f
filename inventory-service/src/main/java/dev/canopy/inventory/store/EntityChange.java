package dev.canopy.inventory.store;

import java.time.Instant;

/**
 * One entity row to write: the newest observation of the entity within a batch, its state as JSON, or its deletion
 * ({@code dataJson} null, {@code deletionReason} set).
 */
public record EntityChange(EntityKey key, Instant observedAt, String dataJson, String deletionReason) {

    public boolean deletion() {
        return dataJson == null;
    }
}
