package dev.canopy.notifier.api;

import java.util.UUID;

import dev.canopy.contracts.rest.ProblemException;

/** Path ids: anything that is not one of ours is simply not found. */
final class Ids {
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
