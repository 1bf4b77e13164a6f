package dev.canopy.inventory.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.inventory.store.Listing;
import dev.canopy.inventory.store.PageRequest;

/** Parses query parameters; anything invalid answers 400 problem+json naming the parameter. */
final class QueryParams {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final char SEP = '\u0000';

    private QueryParams() {
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int n = integer("limit", value);
        if (n < 1 || n > MAX_LIMIT) {
            throw ProblemException.badParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return n;
    }

    static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badParameter(name, "must be true or false");
        };
    }

    static Integer days(String name, String value) {
        if (value == null) {
            return null;
        }
        int n = integer(name, value);
        if (n < 0 || n > 36_500) {
            throw ProblemException.badParameter(name, "must be a number of days between 0 and 36500");
        }
        return n;
    }

    static String text(String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 500) {
            throw ProblemException.badParameter(name, "must be 1 to 500 characters");
        }
        return value;
    }

    /**
     * The page to read: {@code sort} is one of the listing's sort names, optionally prefixed with '-' for
     * descending; {@code cursor} is a previous page's nextCursor and only valid with the same sort.
     */
    static PageRequest page(Listing listing, String sort, String cursor, String limit, String includeDeleted) {
        String s = sort == null ? listing.defaultSort() : sort;
        boolean descending = s.startsWith("-");
        String name = descending ? s.substring(1) : s;
        Set<String> allowed = listing.sortNames();
        if (!allowed.contains(name)) {
            throw ProblemException.badParameter("sort", "must be one of " + allowed + " (prefix '-' for descending)");
        }
        String afterValue = null;
        String afterId = null;
        if (cursor != null) {
            String[] parts = decodeCursor(cursor);
            if (!parts[0].equals(s)) {
                throw ProblemException.badParameter("cursor", "was issued for sort '" + parts[0] + "', not '" + s + "'");
            }
            afterValue = parts[1];
            afterId = parts[2];
        }
        boolean deleted = Boolean.TRUE.equals(bool("includeDeleted", includeDeleted));
        return new PageRequest(name, descending, afterValue, afterId, limit(limit), deleted);
    }

    /** Opaque cursor: base64url of the sort, the last sort value and the last entity id. */
    static String cursor(String sort, String sortValue, String entityId) {
        String raw = sort + SEP + (sortValue == null ? "" : sortValue) + SEP + entityId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static String sortParam(PageRequest page) {
        return (page.descending() ? "-" : "") + page.sort();
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(String.valueOf(SEP), -1);
            if (parts.length == 3 && !parts[2].isEmpty()) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400 below
        }
        throw ProblemException.badParameter("cursor", "is not a cursor returned by this API");
    }

    static long beforeHistoryId(String cursor) {
        if (cursor == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("cursor", "is not a cursor returned by this API");
        }
    }

    static String nextHistoryCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be an integer");
        }
    }
}
