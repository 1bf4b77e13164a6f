package dev.canopy.inventory.store;

/**
 * Which page of a list: sort key (an API sort name of the listing), direction, the position after which to start
 * (the previous page's last sort value and entity id, or null) and the page size.
 */
public record PageRequest(String sort, boolean descending, String afterSortValue, String afterId, int limit,
        boolean includeDeleted) {
}
