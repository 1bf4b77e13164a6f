package dev.canopy.contracts.events.data;

/**
 * A non-content entity no longer exists at the source (found by the sweep after a full sync, or by a delta).
 * {@code entityType} is the {@link dev.canopy.contracts.events.EventType#entity()} name, e.g. "user", "installed-app".
 */
public record EntityDeletedData(String entityType, String entityId, String reason) implements EntityData {
    public EntityDeletedData {
        Required.text("entityType", entityType);
        Required.text("entityId", entityId);
    }
}
