package dev.canopy.inventory.store;

/** One entity of one tenant. */
public record EntityKey(String tenantId, String entityType, String entityId) {
}
