package dev.canopy.findings.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;

/**
 * Filters and order of a findings listing; null/empty means "any". DLP findings can be narrowed to a product
 * ({@code jira} or {@code confluence}), a Jira project key, a Confluence space id, and to (or away from) earlier page
 * versions kept in a history ({@code historical}).
 */
public record FindingQuery(List<FindingSeverity> severities, FindingKind kind, List<FindingStatus> statuses,
        String ruleId, String resourceId, Instant seenFrom, Instant seenTo, String product, String projectKey,
        String spaceId, Boolean historical, Sort sort, Cursor after, int limit) {

    /** Sort keys; keyset pagination continues after (value, id) of the last row. */
    public enum Sort {
        LAST_SEEN_DESC("last_seen", true), LAST_SEEN_ASC("last_seen", false),
        FIRST_SEEN_DESC("first_seen", true), FIRST_SEEN_ASC("first_seen", false),
        SEVERITY_DESC("severity_rank", true), SEVERITY_ASC("severity_rank", false);

        final String column;
        final boolean descending;

        Sort(String column, boolean descending) {
            this.column = column;
            this.descending = descending;
        }

        boolean isTime() {
            return !column.equals("severity_rank");
        }
    }

    /** Position after the last row of a page: the sort value (epoch micros or severity rank) and the finding id. */
    public record Cursor(long value, java.util.UUID id) {
    }

    /** The cursor value of a row for the given sort. */
    public static long cursorValue(FindingRow f, Sort sort) {
        return switch (sort) {
            case LAST_SEEN_ASC, LAST_SEEN_DESC -> toMicros(f.lastSeen());
            case FIRST_SEEN_ASC, FIRST_SEEN_DESC -> toMicros(f.firstSeen());
            case SEVERITY_ASC, SEVERITY_DESC -> f.severity().ocsfId();
        };
    }

    static long toMicros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
