package dev.canopy.inventory.messaging;

import io.vertx.pgclient.PgException;

/**
 * Tells failures caused by a record's data (PostgreSQL SQLSTATE class 22 data exception or 23 integrity violation)
 * from infrastructure failures (the reactive client reports them as a PgException, possibly as a cause).
 */
final class StoreFailures {
    private StoreFailures() {
    }

    static boolean rejectedData(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() + " " + pg.getErrorMessage();
            }
        }
        return failure.toString();
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
