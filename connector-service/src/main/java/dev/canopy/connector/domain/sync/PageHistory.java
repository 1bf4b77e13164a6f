package dev.canopy.connector.domain.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;

/**
 * Earlier versions of pages and blog posts, which Confluence keeps until someone deletes them from the history: a
 * secret "removed" by an edit is still one click away there. Each kept version is its own content item
 * ({@code <id>@v<n>}, status {@code historical}), emitted once — versions never change — and reported deleted when a
 * full run no longer finds it in the page's version list (deleted from the history) or the page itself is gone.
 * <p>
 * Cost: one version-list request per page with earlier versions on full runs (to notice deletions) and per changed
 * page otherwise, plus one request per version never read before, newest first, at most {@code maxVersions} per page.
 */
final class PageHistory {
    static final String ENTITY_TYPE = "content-history";
    private static final String HASH = "historical";

    private final RunContext ctx;
    private final EntityEmitter emitter;
    private final int maxVersions;
    /** Pages ({@code site:id}) whose version list was read completely in this run. */
    private final Set<String> listed = new HashSet<>();

    PageHistory(RunContext ctx, EntityEmitter emitter, int maxVersions) {
        this.ctx = ctx;
        this.emitter = emitter;
        this.maxVersions = maxVersions;
    }

    /** Reads the versions of {@code item} (a page or blog post as listed) that are not known yet. */
    void scan(Connection.Site site, ContentSync.Kind kind, JsonNode item, ContentSync texts) {
        int current = item.path("version").path("number").asInt(1);
        String id = Json.text(item, "id");
        if (maxVersions <= 0 || current <= 1 || id == null || !"current".equals(Json.text(item, "status"))) {
            return;
        }
        String siteId = site.effectiveId();
        List<Integer> numbers = new ArrayList<>();
        try {
            String url = site.url() + "/wiki/api/v2/" + kind.path + "/" + id + "/versions?limit=" + Math.min(250, maxVersions + 1)
                    + "&sort=-modified-date";
            JsonNode page = ctx.api().getJson(site.url(), url, ctx.site(site));
            for (JsonNode v : Json.array(page, "results", "confluence versions")) {
                int n = v.path("number").asInt(0);
                if (n > 0 && n < current && numbers.size() < maxVersions) {
                    numbers.add(n);
                }
            }
        } catch (AtlassianApiException e) {
            ctx.skipped("history of " + siteId + ":" + id + ": HTTP " + e.status());
            return;
        }
        listed.add(siteId + ":" + id);
        for (int n : numbers) {
            String entityId = siteId + ":" + id + "@v" + n;
            if (emitter.known(entityId) != null) {
                emitter.offer(entityId, HASH, kind.type, List.of());
                continue;
            }
            JsonNode version;
            try {
                version = ctx.api().getJson(site.url(), site.url() + "/wiki/api/v2/" + kind.path + "/" + id + "?version=" + n
                        + "&body-format=storage", ctx.site(site));
            } catch (AtlassianApiException e) {
                if (e.status() == 404) {
                    continue; // deleted from the history between the list and this read
                }
                throw e;
            }
            ObjectNode copy = version.deepCopy();
            copy.put("id", id + "@v" + n);
            copy.put("status", ContentData.HISTORICAL);
            emitter.offer(entityId, HASH, kind.type, texts.contentEvents(site, kind, copy,
                    ContentSync.bodyText(version.path("body")), null));
        }
        ctx.countEntities("content-history", numbers.size());
        emitter.flush();
    }

    /**
     * After a full run: versions of pages whose list was read and no longer names them, and versions of pages that are
     * gone ({@code pageKnown} false once the content sweep forgot them), are reported deleted. Versions of a page that
     * was not read (its listing failed, or it is archived) stay known.
     */
    int sweep(Set<String> failedListings, java.util.function.Predicate<String> pageKnown) {
        return emitter.sweep(s -> {
            String page = s.entityId().substring(0, s.entityId().lastIndexOf('@'));
            String site = page.substring(0, page.indexOf(':'));
            return listed.contains(page) || !failedListings.contains(site + "|" + s.detail()) && !pageKnown.test(page);
        }, s -> {
            String[] ids = s.entityId().split(":", 2);
            return new ContentDeletedData(ids[0], ids[1], s.detail(), "not-found-at-source");
        });
    }
}
