package dev.canopy.connector.domain.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.domain.http.MalformedResponseException;

/** Small readers for Atlassian JSON: missing fields are null, timestamps in several shapes, paging links. */
final class Json {
    private static final java.time.format.DateTimeFormatter JIRA_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");

    private Json() {
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    static Instant time(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e2) {
                try {
                    // Jira writes 2024-03-01T09:15:00.000-0800: an offset without a colon, which ISO parsing refuses
                    return OffsetDateTime.parse(v.asText(), JIRA_TIME).toInstant();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** An array field of a page; a page without it is malformed. */
    static JsonNode array(JsonNode page, String field, String what) {
        JsonNode a = page.path(field);
        if (!a.isArray()) {
            throw new MalformedResponseException(what + ": response has no '" + field + "' array", null);
        }
        return a;
    }

    static List<String> strings(JsonNode array, String fieldIfObject) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (v.isTextual()) {
                out.add(v.asText());
            } else if (v.isObject() && v.hasNonNull(fieldIfObject)) {
                out.add(v.get(fieldIfObject).asText());
            }
        }
        return out;
    }

    /**
     * The next page's URL from a {@code next} value: an absolute URL, a path relative to the API base, or a bare
     * cursor to put into {@code firstUrl}'s {@code cursor} parameter. Null at the end.
     */
    static String next(String apiBase, String firstUrl, String next) {
        if (next == null || next.isBlank()) {
            return null;
        }
        if (next.startsWith("http://") || next.startsWith("https://")) {
            return next;
        }
        if (next.startsWith("/")) {
            return apiBase + next;
        }
        return withParam(firstUrl, "cursor", next);
    }

    static String withParam(String url, String name, String value) {
        String cleaned = url.replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return cleaned + (cleaned.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
