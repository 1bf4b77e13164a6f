package dev.canopy.connector.domain.sync;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.domain.http.Credentials;

/** Page loops over the pagination styles of the Atlassian APIs. */
final class Pager {
    private static final int MAX_PAGES = 1_000_000;

    private Pager() {
    }

    /** GET pages following {@code next} (URL, path or cursor); admin credentials when {@code credentials} is null. */
    static void each(RunContext ctx, String apiBase, String firstUrl, Credentials credentials, Consumer<JsonNode> onPage,
            Function<JsonNode, String> next) {
        Credentials c = credentials == null ? ctx.admin() : credentials;
        String url = firstUrl;
        for (int i = 0; url != null && i < MAX_PAGES; i++) {
            JsonNode page = ctx.api().getJson(apiBase, url, c);
            onPage.accept(page);
            String following = Json.next(apiBase, firstUrl, next.apply(page));
            url = following == null || following.equals(url) ? null : following;
        }
    }

    /** POST searches paged by a {@code cursor} in the body and {@code links.next} cursors in the answer. */
    static void eachPost(RunContext ctx, String apiBase, String url, Map<String, Object> body, Consumer<JsonNode> onPage) {
        String cursor = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonNode page = ctx.api().postJson(apiBase, url, ctx.admin(), body);
            onPage.accept(page);
            String next = Json.text(page.path("links"), "next");
            if (next == null || next.isBlank() || next.equals(cursor)) {
                return;
            }
            cursor = next;
        }
    }

    /** Offset paging ({@code start}/{@code limit}), ending on a short page. */
    static void eachOffset(RunContext ctx, String apiBase, String firstUrl, Credentials credentials, int limit,
            String resultsField, Consumer<JsonNode> onPage) {
        for (int start = 0; start < MAX_PAGES * limit; start += limit) {
            String url = Json.withParam(Json.withParam(firstUrl, "start", String.valueOf(start)), "limit",
                    String.valueOf(limit));
            JsonNode page = ctx.api().getJson(apiBase, url, credentials);
            onPage.accept(page);
            if (Json.array(page, resultsField, url).size() < limit) {
                return;
            }
        }
    }
}
