package dev.canopy.support.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from what PostgreSQL drivers bind and return for {@code timestamptz}. Services keep {@link Instant}
 * in their domain; the reactive drivers want {@link OffsetDateTime} and Hibernate's native queries hand back one of
 * several types depending on the path.
 */
public final class UtcTimes {
    private UtcTimes() {
    }

    /** For a {@code timestamptz} parameter; null stays null. */
    public static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column value as an Instant, whichever Java type the driver chose; null stays null. */
    public static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof LocalDateTime ldt) {
            // a driver that drops the offset has already normalised to UTC (the sessions run in UTC)
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (column instanceof java.util.Date d) {
            return d.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + column.getClass().getSimpleName());
    }

    /**
     * For elements of a {@code timestamptz[]} parameter: Hibernate turns {@code OffsetDateTime[]} into
     * {@code Instant[]}, which the driver rejects, while ISO-8601 text is cast by PostgreSQL.
     */
    public static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
