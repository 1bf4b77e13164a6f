package dev.canopy.connector.domain.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.domain.http.SyncInterruptedException;
import dev.canopy.connector.domain.text.AdfText;
import dev.canopy.connector.domain.text.TextChunker;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.ContentSkippedData;
import dev.canopy.contracts.events.data.ContentTypes;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.topics.TopicSpec;

/**
 * Jira work items as text: issues (summary, description, environment, labels and every text custom field as one
 * text), issue comments, worklog comments and attachments, through the enhanced JQL search
 * ({@code /rest/api/3/search/jql}, {@code nextPageToken}; the offset search is gone from Cloud).
 * <ul>
 * <li>Full runs list {@code created <= now()} (the search refuses unbounded queries) in creation order and sweep what
 * vanished. A listing can skip an item when issues are deleted between pages, so nothing is declared deleted on the
 * listing's word alone: an issue not seen is asked for ({@code 404} = deleted), and a comment, worklog or attachment
 * not seen counts as deleted only when its issue was re-read in this run or is itself gone.</li>
 * <li>Incremental runs and polls list {@code updated >= "-Nm"}, newest first, where N covers the time since the last
 * complete listing plus the overlap. A relative bound sidesteps the minute granularity and the user-time-zone reading
 * of absolute JQL dates; the overlap absorbs clock skew and search-index lag. Items are de-duplicated by their
 * {@code updated} time, so the overlap emits nothing twice.</li>
 * <li>Any change to a comment, worklog or attachment moves its issue's {@code updated}: an unchanged issue has
 * unchanged children and costs no further request. The search embeds at most 20 comments/worklogs with the real
 * {@code total}; a changed issue with more is paged through its own endpoints.</li>
 * <li>Projects the credentials cannot browse are invisible to the search; an issue that answers 403/404 while being
 * read is skipped with its reason, never failing the run.</li>
 * </ul>
 */
@ApplicationScoped
public class JiraContentSync implements ResourceSync {
    static final String ENTITY_TYPE = "jira-content";
    private static final int ENVELOPE_HEADROOM = 64 * 1024;
    private static final int PAGE_SIZE = 100;
    private static final int MAX_CUSTOM_FIELDS = 50;
    private static final Set<String> SYSTEM_FIELDS = Set.of("summary", "description", "environment", "labels", "created",
            "updated", "project", "reporter", "comment", "worklog", "attachment");
    /** Jira items have no version number: seconds since this instant stand in for it (see {@link ContentData}). */
    private static final Instant VERSION_EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private final Emitters emitters;
    private final SyncConfig config;
    private final TextChunker chunker;
    private final AttachmentFetcher fetcher;

    public JiraContentSync(Emitters emitters, SyncConfig config, AttachmentFetcher fetcher) {
        this.emitters = emitters;
        this.config = config;
        this.chunker = new TextChunker(TopicSpec.CONTENT_MAX_MESSAGE_BYTES - ENVELOPE_HEADROOM, config.chunkOverlapChars());
        this.fetcher = fetcher;
    }

    @Override
    public String name() {
        return "jira-content";
    }

    @Override
    public boolean polled() {
        return true;
    }

    @Override
    public void sync(RunContext ctx) {
        EntityEmitter emitter = null;
        List<String> failures = new ArrayList<>();
        for (Connection.Site site : ctx.connection().sites()) {
            String checkpointKey = "jira-content:" + site.effectiveId();
            Instant stored = emitters.state().checkpoint(ctx.connection().id(), checkpointKey).map(Instant::parse).orElse(null);
            if (ctx.poll() && stored == null) {
                continue; // a poll never reads a whole site: the first listing is a full or incremental run's
            }
            if (!ctx.poll() && !ctx.licensed(site, "jira")) {
                continue; // (a site with a checkpoint was licensed: polls spare the probe)
            }
            if (emitter == null) {
                emitter = emitters.open(ctx, ENTITY_TYPE);
            }
            try {
                Listing listing = new Listing(ctx, emitter, site);
                listing.run(ctx.full() || stored == null ? null : stored);
                emitter.checkpoint(checkpointKey, ctx.observedAt().toString());
                emitter.flush();
                if (ctx.full()) {
                    listing.sweep();
                }
            } catch (RunCancelledException | SyncInterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                failures.add("jira content on " + site.effectiveId() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /** One site's listing within a run: what was seen and re-read, for the sweep. */
    private final class Listing {
        private final RunContext ctx;
        private final EntityEmitter emitter;
        private final Connection.Site site;
        private final String siteId;
        private final Credentials credentials;
        private final Set<String> seenIssues = new HashSet<>();
        private final Set<String> rereadIssues = new HashSet<>();
        private final Map<String, Boolean> issueGone = new HashMap<>();
        private List<String> textFields = List.of();

        Listing(RunContext ctx, EntityEmitter emitter, Connection.Site site) {
            this.ctx = ctx;
            this.emitter = emitter;
            this.site = site;
            this.siteId = site.effectiveId();
            this.credentials = ctx.site(site);
        }

        void run(Instant since) {
            String jql;
            if (since == null) {
                jql = "created <= now() order by created asc, key asc";
            } else {
                Duration window = Duration.between(since, ctx.observedAt()).plus(config.contentOverlap());
                long minutes = Math.max(1, (window.toSeconds() + 59) / 60);
                jql = "updated >= \"-" + minutes + "m\" order by updated desc, key desc";
            }
            if (ctx.poll() && unchanged(jql)) {
                return;
            }
            textFields = textCustomFields();
            List<String> fields = new ArrayList<>(SYSTEM_FIELDS);
            fields.addAll(textFields);
            String base = search(jql, fields);
            String token = null;
            do {
                String url = token == null ? base : base + "&nextPageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                JsonNode page = ctx.api().getJson(site.url(), url, credentials);
                JsonNode issues = Json.array(page, "issues", "jira search");
                for (JsonNode issue : issues) {
                    issue(issue);
                }
                ctx.countEntities("jira-issues", issues.size());
                emitter.flush();
                String next = Json.text(page, "nextPageToken");
                token = page.path("isLast").asBoolean(next == null) || next == null || next.equals(token) ? null : next;
            } while (token != null);
        }

        private String search(String jql, List<String> fields) {
            return site.url() + "/rest/api/3/search/jql?jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8)
                    + "&maxResults=" + PAGE_SIZE + "&fields=" + URLEncoder.encode(String.join(",", fields), StandardCharsets.UTF_8);
        }

        /**
         * A poll's first look: one search for the ids and {@code updated} times of what changed in the window. When
         * every one is known at that time, the site is unchanged and the poll costs this one request.
         */
        private boolean unchanged(String jql) {
            JsonNode page = ctx.api().getJson(site.url(), search(jql, List.of("updated")), credentials);
            if (!page.path("isLast").asBoolean(false)) {
                return false;
            }
            for (JsonNode issue : Json.array(page, "issues", "jira search")) {
                var known = emitter.known(siteId + ":issue/" + Json.text(issue, "id"));
                if (known == null || !known.hash().equals("u" + Json.text(issue.path("fields"), "updated"))) {
                    return false;
                }
            }
            return true;
        }

        /** Text custom fields of the site (multi-line ones come as ADF, single-line ones as strings), at most 50. */
        private List<String> textCustomFields() {
            JsonNode all = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/field", credentials);
            Set<String> out = new TreeSet<>();
            for (JsonNode f : all) {
                if (f.path("custom").asBoolean() && "string".equals(f.path("schema").path("type").asText())) {
                    out.add(f.path("id").asText());
                }
            }
            List<String> ids = new ArrayList<>(out);
            if (ids.size() > MAX_CUSTOM_FIELDS) {
                ctx.skipped("site " + siteId + ": " + ids.size() + " text custom fields, only the first "
                        + MAX_CUSTOM_FIELDS + " are scanned");
                ids = ids.subList(0, MAX_CUSTOM_FIELDS);
            }
            return ids;
        }

        private void issue(JsonNode issue) {
            String id = Json.text(issue, "id");
            JsonNode f = issue.path("fields");
            String updated = Json.text(f, "updated");
            String entityId = siteId + ":issue/" + id;
            seenIssues.add(id);
            String hash = "u" + updated;
            var known = emitter.known(entityId);
            if (known != null && known.hash().equals(hash)) {
                emitter.offer(entityId, hash, ContentTypes.JIRA_ISSUE, List.of());
                return;
            }
            rereadIssues.add(id);
            String key = Json.text(issue, "key");
            String projectKey = Json.text(f.path("project"), "key");
            StringBuilder text = new StringBuilder();
            line(text, f.path("summary").asText(""));
            line(text, adfOrText(f.path("description")));
            line(text, adfOrText(f.path("environment")));
            List<String> labels = new ArrayList<>();
            f.path("labels").forEach(l -> labels.add(l.asText()));
            line(text, String.join(" ", labels));
            for (String field : textFields) {
                line(text, adfOrText(f.path(field)));
            }
            Instant modified = Json.time(f, "updated");
            emitter.offer(entityId, hash, ContentTypes.JIRA_ISSUE, events("issue/" + id, ContentTypes.JIRA_ISSUE, null,
                    key + " " + f.path("summary").asText(""), Json.text(f.path("reporter"), "accountId"), modified,
                    site.url() + "/browse/" + key, null, projectKey, text.toString()));
            items(id, key, projectKey, f.path("comment"), "comments", "comment", ContentTypes.JIRA_COMMENT, "body");
            items(id, key, projectKey, f.path("worklog"), "worklogs", "worklog", ContentTypes.JIRA_WORKLOG, "comment");
            for (JsonNode a : f.path("attachment")) {
                attachment(id, key, projectKey, a);
            }
        }

        /** Comments or worklogs of a changed issue: the embedded first page, then the rest from their own endpoint. */
        private void items(String issueId, String key, String projectKey, JsonNode embedded, String listField,
                String path, String type, String bodyField) {
            List<JsonNode> all = new ArrayList<>();
            embedded.path(listField).forEach(all::add);
            int total = embedded.path("total").asInt(all.size());
            try {
                while (all.size() < total) {
                    JsonNode page = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/issue/" + issueId + "/" + path
                            + "?startAt=" + all.size() + "&maxResults=100", credentials);
                    JsonNode more = Json.array(page, listField, "jira " + path + "s");
                    if (more.isEmpty()) {
                        break;
                    }
                    more.forEach(all::add);
                }
            } catch (AtlassianApiException e) {
                if (e.status() != 403 && e.status() != 404) {
                    throw e;
                }
                ctx.skipped("jira " + siteId + ":" + key + " " + path + "s: HTTP " + e.status() + " (issue gone or not browsable)");
                return;
            }
            for (JsonNode item : all) {
                String id = Json.text(item, "id");
                String hash = "u" + Json.text(item, "updated");
                String webUrl = site.url() + "/browse/" + key + ("comment".equals(path) ? "?focusedCommentId=" + id : "");
                emitter.offer(siteId + ":" + path + "/" + id, hash, type + "@" + issueId, events(path + "/" + id, type,
                        "issue/" + issueId, ("comment".equals(path) ? "Comment on " : "Worklog on ") + key,
                        Json.text(item.path("author"), "accountId"), Json.time(item, "updated"), webUrl, null, projectKey,
                        adfOrText(item.path(bodyField))));
            }
        }

        private void attachment(String issueId, String key, String projectKey, JsonNode a) {
            String id = Json.text(a, "id");
            long size = a.path("size").asLong(-1);
            String mediaType = Json.text(a, "mimeType");
            String entityId = siteId + ":attachment/" + id;
            String hash = "a" + size;
            var known = emitter.known(entityId);
            if (known != null && known.hash().equals(hash)) {
                emitter.offer(entityId, hash, ContentTypes.JIRA_ATTACHMENT + "@" + issueId, List.of());
                return;
            }
            String filename = Json.text(a, "filename");
            List<EntityData> events;
            String reason = null;
            if (size > config.attachmentMaxBytes()) {
                reason = "larger than " + config.attachmentMaxBytes() + " bytes";
                events = List.of();
            } else {
                // answers 303 to the media host; the HTTP layer follows it under the egress policy, without credentials
                AttachmentFetcher.Outcome fetched = fetcher.fetch(ctx, site, site.url() + "/rest/api/3/attachment/content/"
                        + id, size, filename, mediaType);
                reason = fetched.skipReason();
                events = fetched.skipped() ? List.of() : events("attachment/" + id, ContentTypes.JIRA_ATTACHMENT,
                        "issue/" + issueId, filename, Json.text(a.path("author"), "accountId"), Json.time(a, "created"),
                        site.url() + "/browse/" + key, mediaType, projectKey, fetched.text());
            }
            if (reason != null) {
                ctx.skipped("jira attachment " + siteId + ":" + id + " (" + filename + "): " + reason);
                events = List.of(new ContentSkippedData(siteId, "attachment/" + id, ContentTypes.JIRA_ATTACHMENT, 1,
                        mediaType, size, reason));
            }
            // a failed download is remembered under a hash that never matches, so the next listing tries again
            boolean retry = reason != null && reason.startsWith("download failed");
            emitter.offer(entityId, (retry ? "retry:" : "") + hash, ContentTypes.JIRA_ATTACHMENT + "@" + issueId, events);
        }

        private List<EntityData> events(String contentId, String type, String parentId, String title, String author,
                Instant modified, String webUrl, String mediaType, String projectKey, String text) {
            int version = modified == null ? 0 : (int) Math.max(0, Duration.between(VERSION_EPOCH, modified).toSeconds());
            List<TextChunker.Chunk> chunks = chunker.split(text);
            List<EntityData> out = new ArrayList<>(chunks.size());
            for (TextChunker.Chunk c : chunks) {
                out.add(new ContentData(siteId, contentId, type, null, parentId, title, version, "current", author,
                        modified, webUrl, mediaType, c.index(), chunks.size(), c.offset(), c.overlap(), text.length(),
                        c.text(), projectKey));
            }
            return out;
        }

        /**
         * After a full listing: an issue not seen is deleted only if Jira says so (404), and a comment/worklog/
         * attachment only if its issue was re-read without it or is gone. The listing may have skipped items while
         * issues were deleted between pages; those stay known.
         */
        void sweep() {
            int gone = emitter.sweep(s -> {
                String detail = s.detail() == null ? "" : s.detail();
                String contentId = s.entityId().substring(s.entityId().indexOf(':') + 1);
                if (detail.equals(ContentTypes.JIRA_ISSUE)) {
                    return gone(contentId.substring("issue/".length()));
                }
                int at = detail.indexOf('@');
                String issueId = at < 0 ? null : detail.substring(at + 1);
                return issueId == null || rereadIssues.contains(issueId) || !seenIssues.contains(issueId) && gone(issueId);
            }, s -> {
                String detail = s.detail() == null ? ContentTypes.JIRA_ISSUE : s.detail();
                String type = detail.contains("@") ? detail.substring(0, detail.indexOf('@')) : detail;
                return new ContentDeletedData(siteId, s.entityId().substring(s.entityId().indexOf(':') + 1), type,
                        "not-found-at-source");
            });
            ctx.countEntities("jira-content.deleted", gone);
        }

        private boolean gone(String issueId) {
            return issueGone.computeIfAbsent(issueId, id -> {
                try {
                    ctx.api().getJson(site.url(), site.url() + "/rest/api/3/issue/" + id + "?fields=id", credentials);
                    ctx.skipped("jira " + siteId + ": issue " + id + " exists but was not in the full listing; kept");
                    return false;
                } catch (AtlassianApiException e) {
                    return e.status() == 404;
                }
            });
        }
    }

    private static void line(StringBuilder text, String s) {
        if (s != null && !s.isBlank()) {
            text.append(s).append('\n');
        }
    }

    /** A rich-text field (ADF document) or a plain string field as text. */
    static String adfOrText(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        return v.isObject() ? AdfText.toText(v) : v.toString();
    }
}
