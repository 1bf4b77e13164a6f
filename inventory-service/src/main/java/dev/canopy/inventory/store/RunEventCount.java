package dev.canopy.inventory.store;

/** How many events of one type of one sync run a batch carried. */
public record RunEventCount(String tenantId, String runId, String eventType, long received) {
}
