package dev.canopy.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors: base64url of a small text payload, like Atlassian's opaque tokens. */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload, or null when the cursor is absent or not one of ours. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Offset cursors ({@code o:<index>}); 0 when absent, -1 when invalid. */
    public static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        String p = decode(cursor);
        if (p == null || !p.startsWith("o:")) {
            return -1;
        }
        try {
            int bar = p.indexOf('|');
            return Integer.parseInt(bar < 0 ? p.substring(2) : p.substring(2, bar));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String offset(int index) {
        return encode("o:" + index);
    }

    /** An offset cursor that also carries the query it continues (so "all other parameters are discarded" holds). */
    public static String offset(int index, String query) {
        return encode("o:" + index + "|" + query);
    }

    /** The query carried by {@link #offset(int, String)}, or null. */
    public static String query(String cursor) {
        String p = decode(cursor);
        return p == null || p.indexOf('|') < 0 ? null : p.substring(p.indexOf('|') + 1);
    }
}
