package dev.canopy.connector.domain.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.domain.text.AdfText;
import dev.canopy.connector.domain.text.StorageText;
import dev.canopy.connector.domain.text.TextChunker;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.ContentSkippedData;
import dev.canopy.contracts.events.data.ContentTypes;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.topics.TopicSpec;

/**
 * Confluence content (pages, blog posts, footer and inline comments, attachments) as text, through the v2 API sorted
 * by modification date. A full run lists everything and sweeps what vanished; an incremental run stops at the stored
 * checkpoint minus an overlap window, and de-duplicates by (id, version) so the overlap emits nothing twice. Trashed
 * and deleted items are reported as deletions. Bodies become text once, here, and are chunked with overlap.
 */
@ApplicationScoped
public class ContentSync implements ResourceSync {
    static final String ENTITY_TYPE = "content";
    /** Room for the event's other fields and the CloudEvents headers inside one Kafka record. */
    private static final int ENVELOPE_HEADROOM = 64 * 1024;
    private static final long FLUSH_TEXT_CHARS = 8_000_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Kind {
        PAGE("pages", ContentTypes.PAGE, true, true),
        BLOGPOST("blogposts", ContentTypes.BLOGPOST, true, true),
        FOOTER_COMMENT("footer-comments", ContentTypes.FOOTER_COMMENT, true, false),
        INLINE_COMMENT("inline-comments", ContentTypes.INLINE_COMMENT, true, false),
        ATTACHMENT("attachments", ContentTypes.ATTACHMENT, false, true);

        final String path;
        final String type;
        final boolean hasBody;
        final boolean hasStatusFilter;

        Kind(String path, String type, boolean hasBody, boolean hasStatusFilter) {
            this.path = path;
            this.type = type;
            this.hasBody = hasBody;
            this.hasStatusFilter = hasStatusFilter;
        }
    }

    private final Emitters emitters;
    private final ContentChangeFeed changes;
    private final SyncConfig config;
    private final TextChunker chunker;
    private final AttachmentFetcher fetcher;
    private final ExecutorService downloads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "attachment-download");
        t.setDaemon(true);
        return t;
    });

    public ContentSync(Emitters emitters, SyncConfig config, AttachmentFetcher fetcher) {
        this.emitters = emitters;
        this.changes = new ContentChangeFeed(emitters.state());
        this.config = config;
        this.chunker = new TextChunker(TopicSpec.CONTENT_MAX_MESSAGE_BYTES - ENVELOPE_HEADROOM, config.chunkOverlapChars());
        this.fetcher = fetcher;
    }

    @PreDestroy
    void stop() {
        downloads.shutdownNow();
    }

    @Override
    public String name() {
        return "content";
    }

    /** A poll asks each site one change search and lists only the sites that changed. */
    @Override
    public boolean polled() {
        return true;
    }

    @Override
    public void sync(RunContext ctx) {
        if (ctx.poll()) {
            poll(ctx);
            return;
        }
        EntityEmitter emitter = emitters.open(ctx, ENTITY_TYPE);
        PageHistory history = new PageHistory(ctx, emitters.open(ctx, PageHistory.ENTITY_TYPE), historyMaxVersions(ctx));
        List<String> failures = new ArrayList<>();
        java.util.Set<String> failedListings = new java.util.HashSet<>();
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "confluence")) {
                continue;
            }
            boolean listedAll = true;
            for (Kind kind : Kind.values()) {
                try {
                    list(ctx, emitter, history, site, kind);
                    if (!ctx.full() && kind.hasStatusFilter) {
                        deletions(ctx, emitter, site, kind);
                    }
                } catch (RunCancelledException | dev.canopy.connector.domain.http.SyncInterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    listedAll = false;
                    failures.add(kind.path + " on " + site.effectiveId() + ": " + e.getMessage());
                    failedListings.add(site.effectiveId() + "|" + kind.type);
                }
            }
            if (listedAll) {
                // from now on every kind of this site has its checkpoint (or had nothing): polls may list it
                emitter.checkpoint(listedKey(site), ctx.observedAt().toString());
                emitter.flush();
            }
        }
        if (ctx.full()) {
            // only listings that completed may turn "not seen" into "deleted": one failed kind on one site must not
            // switch off deletion detection for everything else (nor delete what it could not list)
            int gone = emitter.sweep(s -> !failedListings.contains(s.entityId().split(":", 2)[0] + "|" + s.detail()), s -> {
                String[] ids = s.entityId().split(":", 2);
                return new ContentDeletedData(ids[0], ids[1], s.detail(), "not-found-at-source");
            });
            ctx.countEntities("content.deleted", gone);
            ctx.countEntities("content-history.deleted", history.sweep(failedListings, page -> emitter.known(page) != null));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /**
     * The continuous path: one change search per site; a site whose newest items are all known at their versions
     * costs nothing more. A changed site is listed like an incremental run does (checkpoint minus overlap,
     * de-duplicated by version), without the deletion listings, which the scheduled runs keep. Sites never listed
     * completely are left to those runs too: a poll never reads a whole site.
     */
    private void poll(RunContext ctx) {
        EntityEmitter emitter = null;
        PageHistory history = null;
        List<String> failures = new ArrayList<>();
        for (Connection.Site site : ctx.connection().sites()) {
            if (emitters.state().checkpoint(ctx.connection().id(), listedKey(site)).isEmpty()) {
                continue;
            }
            ContentChangeFeed.Look look;
            try {
                look = changes.look(ctx, site);
            } catch (AtlassianApiException e) {
                if (e.status() == 404) {
                    // the search answers 404 where Confluence is not licensed (as the v2 listings do)
                    ctx.skipped("site " + site.effectiveId() + ": confluence not licensed (404), content not polled");
                } else {
                    failures.add("change search on " + site.effectiveId() + ": " + e.getMessage());
                }
                continue;
            }
            boolean changed = look.changed(ctx);
            if (changed) {
                if (emitter == null) {
                    emitter = emitters.open(ctx, ENTITY_TYPE);
                    history = new PageHistory(ctx, emitters.open(ctx, PageHistory.ENTITY_TYPE), historyMaxVersions(ctx));
                }
                boolean listedAll = true;
                for (Kind kind : Kind.values()) {
                    try {
                        list(ctx, emitter, history, site, kind);
                    } catch (RunCancelledException | dev.canopy.connector.domain.http.SyncInterruptedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        listedAll = false;
                        failures.add(kind.path + " on " + site.effectiveId() + ": " + e.getMessage());
                    }
                }
                if (!listedAll) {
                    // nothing remembered: the next poll asks again
                    continue;
                }
            }
            look.remember(ctx, changed);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    private static String listedKey(Connection.Site site) {
        return "content-listed:" + site.effectiveId();
    }

    private void list(RunContext ctx, EntityEmitter emitter, PageHistory history, Connection.Site site, Kind kind) {
        String siteId = site.effectiveId();
        String checkpointKey = "content:" + siteId + ":" + kind.path;
        Instant stored = emitters.state().checkpoint(ctx.connection().id(), checkpointKey).map(Instant::parse).orElse(null);
        Instant since = ctx.full() || stored == null ? null : stored.minus(config.contentOverlap());
        Instant[] newest = {stored};
        Credentials c = ctx.site(site);
        String url = site.url() + "/wiki/api/v2/" + kind.path + "?limit=" + config.contentPageSize() + "&sort=-modified-date"
                + (kind.hasBody ? "&body-format=storage" : "");
        long[] pendingChars = {0};
        while (url != null) {
            JsonNode page = ctx.api().getJson(site.url(), url, c);
            JsonNode results = Json.array(page, "results", "confluence " + kind.path);
            List<JsonNode> changed = new ArrayList<>();
            boolean reachedCheckpoint = false;
            for (JsonNode item : results) {
                Instant modified = modified(item);
                if (since != null && modified != null && modified.isBefore(since)) {
                    reachedCheckpoint = true;
                    break;
                }
                if (modified != null && (newest[0] == null || modified.isAfter(newest[0]))) {
                    newest[0] = modified;
                }
                String entityId = siteId + ":" + Json.text(item, "id");
                var known = emitter.known(entityId);
                if (known != null && known.hash().equals(versionHash(item))) {
                    emitter.offer(entityId, known.hash(), kind.type, List.of());
                } else {
                    changed.add(item);
                }
            }
            ctx.countEntities(kind.path, results.size());
            if (kind == Kind.PAGE || kind == Kind.BLOGPOST) {
                // the history of what changed; on full runs every page's, so that purged versions are noticed
                for (JsonNode item : ctx.full() ? iterable(results) : changed) {
                    history.scan(site, kind, item, this);
                }
            }
            if (kind == Kind.ATTACHMENT) {
                emitAttachments(ctx, emitter, site, changed);
            } else {
                for (JsonNode item : changed) {
                    String text = bodyText(item.path("body"));
                    pendingChars[0] += text.length();
                    emitter.offer(siteId + ":" + Json.text(item, "id"), versionHash(item), kind.type,
                            contentEvents(site, kind, item, text, null));
                    if (pendingChars[0] > FLUSH_TEXT_CHARS) {
                        emitter.flush();
                        pendingChars[0] = 0;
                    }
                }
            }
            emitter.flush();
            pendingChars[0] = 0;
            String next = Json.text(page.path("_links"), "next");
            url = reachedCheckpoint || next == null ? null : Json.next(site.url(), url, next);
        }
        if (newest[0] != null) {
            emitter.checkpoint(checkpointKey, newest[0].toString());
        }
        emitter.flush();
    }

    /** Items in the trash or deleted since we emitted them. */
    private void deletions(RunContext ctx, EntityEmitter emitter, Connection.Site site, Kind kind) {
        for (String status : kind == Kind.ATTACHMENT ? List.of("trashed") : List.of("trashed", "deleted")) {
            String url = site.url() + "/wiki/api/v2/" + kind.path + "?limit=250&status=" + status;
            try {
                Pager.each(ctx, site.url(), url, ctx.site(site), page -> {
                    for (JsonNode item : Json.array(page, "results", "confluence " + kind.path)) {
                        String id = Json.text(item, "id");
                        emitter.deleted(site.effectiveId() + ":" + id,
                                new ContentDeletedData(site.effectiveId(), id, kind.type, status));
                    }
                    emitter.flush();
                }, page -> Json.text(page.path("_links"), "next"));
            } catch (AtlassianApiException e) {
                if (e.status() != 400) {
                    throw e;
                }
            }
        }
    }

    private void emitAttachments(RunContext ctx, EntityEmitter emitter, Connection.Site site, List<JsonNode> changed) {
        List<Future<List<EntityData>>> work = new ArrayList<>(changed.size());
        for (JsonNode item : changed) {
            work.add(downloads.submit(() -> attachmentEvents(ctx, site, item)));
        }
        for (int i = 0; i < changed.size(); i++) {
            JsonNode item = changed.get(i);
            List<EntityData> events;
            try {
                events = work.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunCancelledException("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
            // a failed download is remembered under a hash that never matches, so the next full listing tries again
            boolean failed = events.size() == 1 && events.get(0) instanceof ContentSkippedData skip
                    && skip.reason().startsWith("download failed");
            emitter.offer(site.effectiveId() + ":" + Json.text(item, "id"), (failed ? "retry:" : "") + versionHash(item),
                    Kind.ATTACHMENT.type, events);
        }
    }

    private List<EntityData> attachmentEvents(RunContext ctx, Connection.Site site, JsonNode item) {
        String id = Json.text(item, "id");
        String mediaType = Json.text(item, "mediaType");
        long size = item.path("fileSize").asLong(-1);
        int version = item.path("version").path("number").asInt(1);
        if (size > config.attachmentMaxBytes()) {
            return List.of(skipped(ctx, site, item, "larger than " + config.attachmentMaxBytes() + " bytes"));
        }
        String container = null;
        for (String f : new String[] {"pageId", "blogPostId", "customContentId"}) {
            if (container == null) {
                container = Json.text(item, f);
            }
        }
        if (container == null) {
            return List.of(skipped(ctx, site, item, "attachment has no container"));
        }
        // v2's downloadLink (/wiki/download/attachments/...) answers 401 to API-token Basic auth on current Cloud
        // (CHANGE-3007); the v1 REST endpoint redirects (302) to the media host with a token in the URL.
        String attachmentId = id.startsWith("att") ? id : "att" + id;
        String url = site.url() + "/wiki/rest/api/content/" + container + "/child/attachment/" + attachmentId
                + "/download?version=" + version;
        AttachmentFetcher.Outcome fetched = fetcher.fetch(ctx, site, url, size, Json.text(item, "title"), mediaType);
        if (fetched.skipped()) {
            return List.of(skipped(ctx, site, item, fetched.skipReason()));
        }
        return contentEvents(site, Kind.ATTACHMENT, item, fetched.text(), mediaType);
    }

    private static ContentSkippedData skipped(RunContext ctx, Connection.Site site, JsonNode item, String reason) {
        String id = Json.text(item, "id");
        ctx.skipped("attachment " + site.effectiveId() + ":" + id + " (" + Json.text(item, "title") + "): " + reason);
        return new ContentSkippedData(site.effectiveId(), id, ContentTypes.ATTACHMENT,
                item.path("version").path("number").asInt(1), Json.text(item, "mediaType"),
                item.path("fileSize").asLong(-1), reason);
    }

    List<EntityData> contentEvents(Connection.Site site, Kind kind, JsonNode item, String text, String mediaType) {
        List<TextChunker.Chunk> chunks = chunker.split(text);
        String parent = Json.text(item, "parentId");
        for (String f : new String[] {"pageId", "blogPostId", "attachmentId", "parentCommentId"}) {
            if (parent == null) {
                parent = Json.text(item, f);
            }
        }
        String webui = Json.text(item.path("_links"), "webui");
        if (webui == null) {
            webui = Json.text(item, "webuiLink");
        }
        String webUrl = webui == null ? null : webui.startsWith("http") ? webui : site.url() + "/wiki" + webui;
        JsonNode version = item.path("version");
        String author = Json.text(version, "authorId");
        List<EntityData> events = new ArrayList<>(chunks.size());
        for (TextChunker.Chunk chunk : chunks) {
            events.add(new ContentData(site.effectiveId(), Json.text(item, "id"), kind.type, Json.text(item, "spaceId"),
                    parent, Json.text(item, "title"), version.path("number").asInt(1), Json.text(item, "status"),
                    author != null ? author : Json.text(item, "authorId"), modified(item), webUrl, mediaType,
                    chunk.index(), chunks.size(), chunk.offset(), chunk.overlap(), text.length(), chunk.text()));
        }
        return events;
    }

    /** The connection's own bound for the history scan, else the deployment default. */
    private int historyMaxVersions(RunContext ctx) {
        Integer own = ctx.connection().historyMaxVersions();
        return own != null ? own : config.historyMaxVersions();
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    static String bodyText(JsonNode body) {
        JsonNode storage = body.path("storage").path("value");
        if (storage.isTextual()) {
            return StorageText.toText(storage.asText());
        }
        JsonNode adf = body.path("atlas_doc_format").path("value");
        if (adf.isTextual()) {
            try {
                return AdfText.toText(MAPPER.readTree(adf.asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new dev.canopy.connector.domain.http.MalformedResponseException("ADF body is not JSON", e);
            }
        }
        return "";
    }

    private static Instant modified(JsonNode item) {
        Instant t = Json.time(item.path("version"), "createdAt");
        return t != null ? t : Json.time(item, "createdAt");
    }

    /** Content is re-emitted only when its version or status changed: de-duplication by (id, version). */
    private static String versionHash(JsonNode item) {
        return "v" + item.path("version").path("number").asInt(0) + ":" + Json.text(item, "status");
    }
}
