package dev.canopy.notifier.api;

import java.util.UUID;

import dev.canopy.contracts.rest.ProblemException;

/** Path ids: anything that is not one of ours is simply not found. */
final class Ids {
    /** Longest path or query id accepted before parsing (ours are UUIDs): longer ones answer 400. */
    static final int MAX_LENGTH = 64;

    private Ids() {
    }

    static UUID parse(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what, id);
        }
    }

    static <T> T found(T value, String what, String id) {
        if (value == null) {
            throw ProblemException.notFound(what, id);
        }
        return value;
    }
}
