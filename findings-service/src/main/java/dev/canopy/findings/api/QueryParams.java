package dev.canopy.findings.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.findings.store.FindingQuery;

/** Parsing of query parameters; anything unusable answers 400 naming the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    static <T> List<T> list(String name, String value, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> one(name, v, parse)).toList();
    }

    static <T> T one(String name, String value, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(name, e.getMessage());
        }
    }

    static Instant instant(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter(name, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    static FindingQuery.Sort sort(String value) {
        if (value == null || value.isBlank()) {
            return FindingQuery.Sort.LAST_SEEN_DESC;
        }
        boolean desc = value.startsWith("-");
        String key = (desc ? value.substring(1) : value).trim().toLowerCase(Locale.ROOT);
        String column = switch (key) {
            case "lastseen" -> "LAST_SEEN";
            case "firstseen" -> "FIRST_SEEN";
            case "severity" -> "SEVERITY";
            default -> throw ProblemException.badParameter("sort",
                    "use lastSeen, firstSeen or severity, prefixed with '-' for descending");
        };
        return FindingQuery.Sort.valueOf(column + (desc ? "_DESC" : "_ASC"));
    }

    static String encodeCursor(FindingQuery.Sort sort, long value, UUID id) {
        String raw = sort.name() + "|" + value + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static FindingQuery.Cursor decodeCursor(String cursor, FindingQuery.Sort sort) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !parts[0].equals(sort.name())) {
                throw new IllegalArgumentException("cursor belongs to another sort order");
            }
            return new FindingQuery.Cursor(Long.parseLong(parts[1]), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("cursor", "not a cursor of this listing; pass nextCursor back unchanged");
        }
    }

    static UUID findingId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("finding", id);
        }
    }
}
