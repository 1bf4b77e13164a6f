package dev.canopy.inventory.domain;

/** One entity of one tenant. */
public record EntityKey(String tenantId, String entityType, String entityId) {
}
