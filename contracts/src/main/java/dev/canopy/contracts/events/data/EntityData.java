package dev.canopy.contracts.events.data;

/** Data of an event about one entity; {@link #entityId()} is unique per tenant and event type. */
public interface EntityData {
    String entityId();
}
