package dev.canopy.inventory.store;

/** One entity of a list: its id and sort value (for the next cursor) and its JSON representation. */
public record ListedEntity(String entityId, String sortValue, String json) {
}
