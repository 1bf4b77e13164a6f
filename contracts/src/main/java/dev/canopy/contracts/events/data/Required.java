package dev.canopy.contracts.events.data;

import java.util.List;
import java.util.Set;

/** Invariants checked when event data is built or decoded, so an invalid event is rejected at the edge. */
final class Required {
    private Required() {
    }

    static void text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    static void oneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + " but was " + value);
        }
    }

    static void parts(int part, int parts) {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts + " is out of range");
        }
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
