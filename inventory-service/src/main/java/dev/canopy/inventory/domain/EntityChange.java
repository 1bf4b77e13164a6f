package dev.canopy.inventory.domain;

import java.time.Instant;

/**
 * The newest observation of one entity within a batch: its state as JSON, or its deletion ({@code dataJson} null,
 * {@code deletionReason} set).
 */
public record EntityChange(EntityKey key, Instant observedAt, String dataJson, String deletionReason) {

    public boolean deletion() {
        return dataJson == null;
    }

    /** True when this change should replace {@code other} for the same entity (newer, or as new and later). */
    public boolean supersedes(EntityChange other) {
        return !observedAt.isBefore(other.observedAt);
    }
}
