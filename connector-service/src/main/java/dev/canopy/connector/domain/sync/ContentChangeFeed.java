package dev.canopy.connector.domain.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.SyncStateStore;
import dev.canopy.connector.store.SyncStateStore.EntityState;

/**
 * Asks a Confluence site, in one request, whether any content changed since we last read it: a CQL search for the
 * most recently modified pages, blog posts, comments and attachments ({@code GET /wiki/rest/api/content/search},
 * Confluence REST v1, "Search content by CQL"), compared by (id, version) with what we emitted.
 *
 * <p>Why this shape:
 * <ul>
 * <li>No {@code lastmodified >= "…"} bound: CQL dates are minute-granular and read in the calling user's profile
 * time zone (Onyx's Confluence connector carries a {@code timezone_offset} setting for exactly this), so a bound
 * written in UTC misses edits for users west of UTC. {@code order by lastmodified desc} needs no date at all; each
 * result's own {@code version.when} and {@code version.number} say what changed.</li>
 * <li>Results are compared with the stored (id, version) of each item. The search answers only whether to look; the
 * v2 listings sorted by modification date (with their overlap window and de-duplication) still do the reading, so a
 * poll emits exactly what an incremental run would.</li>
 * <li>An item the listings never make known (a content type they do not read, or one the search index shows before
 * the listing does) would make every poll list again: such an item counts as news for {@link #MAX_ATTEMPTS} polls,
 * then it is remembered as seen. The hourly incremental run re-reads the overlap window anyway.</li>
 * </ul>
 */
final class ContentChangeFeed {
    /** One page of the newest changes: more changes than this since the last poll simply read as "changed". */
    static final int PAGE = 25;
    static final int MAX_ATTEMPTS = 3;
    static final String CQL = "type in (page, blogpost, comment, attachment) order by lastmodified desc";
    private static final String ENTITY_TYPE = ContentSync.ENTITY_TYPE;

    private final SyncStateStore state;

    ContentChangeFeed(SyncStateStore state) {
        this.state = state;
    }

    /** What one poll of a site saw: whether to list, and how to remember the answer afterwards. */
    final class Look {
        private final Connection.Site site;
        private final List<Item> items;
        private final Map<String, Integer> remembered;
        /** The stored hashes of the items as {@link #changed} read them. */
        private Map<String, EntityState> knownBefore;

        private Look(Connection.Site site, List<Item> items, Map<String, Integer> remembered) {
            this.site = site;
            this.items = items;
            this.remembered = remembered;
        }

        /** Whether any of the newest items is unknown to us at its current version (and not given up on). */
        boolean changed(RunContext ctx) {
            knownBefore = known(ctx);
            for (Item item : items) {
                if (!item.matches(knownBefore) && remembered.getOrDefault(item.fingerprint(), 0) < MAX_ATTEMPTS) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Stores what this poll saw, after any listing it caused committed ({@code listed}): items now known are done,
         * items still unknown count one attempt more. Without a listing the hashes read by {@link #changed} still hold.
         */
        void remember(RunContext ctx, boolean listed) {
            Map<String, EntityState> known = listed || knownBefore == null ? known(ctx) : knownBefore;
            Map<String, Integer> next = new LinkedHashMap<>();
            for (Item item : items) {
                int attempts = item.matches(known) ? MAX_ATTEMPTS
                        : Math.min(MAX_ATTEMPTS, remembered.getOrDefault(item.fingerprint(), 0) + 1);
                next.put(item.fingerprint(), attempts);
            }
            if (!next.equals(remembered)) {
                state.checkpoints(ctx.connection().id(), ctx.runId(), Map.of(checkpointKey(site), encode(next)));
            }
        }

        private Map<String, EntityState> known(RunContext ctx) {
            List<String> ids = new ArrayList<>();
            for (Item item : items) {
                ids.addAll(item.entityIds());
            }
            return state.hashesOf(ctx.connection().id(), ENTITY_TYPE, ids);
        }
    }

    /** Asks the site for its newest changes (one request); a 404 means Confluence is not licensed there. */
    Look look(RunContext ctx, Connection.Site site) {
        String url = site.url() + "/wiki/rest/api/content/search?cql=" + URLEncoder.encode(CQL, StandardCharsets.UTF_8)
                + "&limit=" + PAGE + "&expand=version";
        JsonNode page = ctx.api().getJson(site.url(), url, ctx.site(site));
        List<Item> items = new ArrayList<>();
        for (JsonNode r : Json.array(page, "results", "confluence content search")) {
            String id = Json.text(r, "id");
            if (id != null) {
                items.add(new Item(site.effectiveId(), id, Json.text(r, "type"), r.path("version").path("number").asInt(0),
                        Json.text(r, "status")));
            }
        }
        ctx.countEntities("content.polled", items.size());
        String stored = state.checkpoint(ctx.connection().id(), checkpointKey(site)).orElse("");
        return new Look(site, items, decode(stored));
    }

    static String checkpointKey(Connection.Site site) {
        return "content-poll:" + site.effectiveId();
    }

    /** One search result: v1 ids of attachments carry an {@code att} prefix that v2 ids may or may not carry. */
    record Item(String siteId, String id, String type, int version, String status) {
        String fingerprint() {
            return id + ":" + version;
        }

        List<String> entityIds() {
            if ("attachment".equals(type) && id.startsWith("att")) {
                return List.of(siteId + ":" + id, siteId + ":" + id.substring(3));
            }
            return List.of(siteId + ":" + id);
        }

        /** Known at this version and status (the listings' hash is {@code v<number>:<status>}). */
        boolean matches(Map<String, EntityState> known) {
            String hash = "v" + version + ":" + status;
            for (String entityId : entityIds()) {
                EntityState s = known.get(entityId);
                if (s != null && s.hash().equals(hash)) {
                    return true;
                }
            }
            return false;
        }
    }

    static String encode(Map<String, Integer> attempts) {
        StringBuilder out = new StringBuilder();
        attempts.forEach((fingerprint, n) -> out.append(out.isEmpty() ? "" : ",").append(fingerprint).append('=').append(n));
        return out.toString();
    }

    static Map<String, Integer> decode(String stored) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String part : stored.split(",")) {
            int eq = part.lastIndexOf('=');
            if (eq > 0) {
                try {
                    out.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // an unreadable entry is simply forgotten: at worst one extra listing
                }
            }
        }
        return out;
    }
}
