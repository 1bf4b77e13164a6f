package dev.canopy.console.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small helpers of the page resources. */
final class Pages {
    private Pages() {
    }

    /** A link to {@code path} keeping the filters, plus one extra parameter (e.g. the next page's cursor). */
    static String link(String path, Map<String, String> filters, String extraKey, String extraValue) {
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : filters.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                b.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
                sep = '&';
            }
        }
        if (extraKey != null && extraValue != null) {
            b.append(sep).append(extraKey).append('=').append(enc(extraValue));
        }
        return b.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
