package dev.canopy.simulator.confluence;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.FaultDecision;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimVersion;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import dev.canopy.simulator.model.SimState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Confluence REST v2 under {@code /site/{site}/wiki/api/v2}: spaces, pages, blog posts, footer and inline comments,
 * attachments. Cursor paging: {@code _links.next} (relative to the site, like Atlassian's) and a {@code Link} header.
 */
public final class ConfluenceV2Api {
    private static final String V2 = "/site/:site/wiki/api/v2";
    private static final Set<ContentKind> PAGES = EnumSet.of(ContentKind.PAGE);
    private static final Set<ContentKind> BLOGPOSTS = EnumSet.of(ContentKind.BLOGPOST);
    private static final Set<ContentKind> FOOTER = EnumSet.of(ContentKind.FOOTER_COMMENT);
    private static final Set<ContentKind> INLINE = EnumSet.of(ContentKind.INLINE_COMMENT);
    private static final Set<ContentKind> ATTACHMENTS = EnumSet.of(ContentKind.ATTACHMENT);
    private static final List<String> PAGE_STATUSES = List.of("current", "archived", "deleted", "trashed");

    private final SimState state;
    private final ContentPager pager = new ContentPager();

    public ConfluenceV2Api(SimState state) {
        this.state = state;
    }

    public void mount(Router router) {
        router.get(V2 + "/spaces").handler(this::spaces);
        router.get(V2 + "/spaces/:id").handler(this::space);
        router.get(V2 + "/pages").handler(ctx -> list(ctx, PAGES, null));
        router.get(V2 + "/blogposts").handler(ctx -> list(ctx, BLOGPOSTS, null));
        router.get(V2 + "/footer-comments").handler(ctx -> list(ctx, FOOTER, null));
        router.get(V2 + "/inline-comments").handler(ctx -> list(ctx, INLINE, null));
        router.get(V2 + "/attachments").handler(ctx -> list(ctx, ATTACHMENTS, null));
        router.get(V2 + "/spaces/:id/pages").handler(ctx -> inSpace(ctx, PAGES));
        router.get(V2 + "/spaces/:id/blogposts").handler(ctx -> inSpace(ctx, BLOGPOSTS));
        for (String parent : List.of("pages", "blogposts")) {
            ContentKind kind = parent.equals("pages") ? ContentKind.PAGE : ContentKind.BLOGPOST;
            router.get(V2 + "/" + parent + "/:id").handler(ctx -> single(ctx, kind));
            router.get(V2 + "/" + parent + "/:id/footer-comments").handler(ctx -> children(ctx, kind, FOOTER));
            router.get(V2 + "/" + parent + "/:id/inline-comments").handler(ctx -> children(ctx, kind, INLINE));
            router.get(V2 + "/" + parent + "/:id/attachments").handler(ctx -> children(ctx, kind, ATTACHMENTS));
        }
        router.get(V2 + "/footer-comments/:id").handler(ctx -> single(ctx, ContentKind.FOOTER_COMMENT));
        router.get(V2 + "/pages/:id/versions").handler(ctx -> versions(ctx, ContentKind.PAGE, "page"));
        router.get(V2 + "/blogposts/:id/versions").handler(ctx -> versions(ctx, ContentKind.BLOGPOST, "blogpost"));
        router.get(V2 + "/attachments/:id/versions").handler(ctx -> versions(ctx, ContentKind.ATTACHMENT, "attachment"));
        router.get(V2 + "/footer-comments/:id/versions").handler(ctx -> versions(ctx, ContentKind.FOOTER_COMMENT, "comment"));
        router.get(V2 + "/inline-comments/:id/versions").handler(ctx -> versions(ctx, ContentKind.INLINE_COMMENT, "comment"));
        router.get(V2 + "/inline-comments/:id").handler(ctx -> single(ctx, ContentKind.INLINE_COMMENT));
        router.get(V2 + "/attachments/:id").handler(ctx -> single(ctx, ContentKind.ATTACHMENT));
    }

    private void inSpace(RoutingContext ctx, Set<ContentKind> kinds) {
        SimSite site = Caller.of(ctx).site();
        SimSpace space = site.spaces.get(parseId(ctx.pathParam("id")));
        if (space == null) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
            return;
        }
        list(ctx, kinds, c -> c.spaceId == space.id);
    }

    private void children(RoutingContext ctx, ContentKind parentKind, Set<ContentKind> kinds) {
        SimSite site = Caller.of(ctx).site();
        SimContent parent = site.content.get(parseId(ctx.pathParam("id")));
        if (parent == null || parent.kind != parentKind) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
            return;
        }
        list(ctx, kinds, c -> c.containerId == parent.id);
    }

    private void list(RoutingContext ctx, Set<ContentKind> kinds, Predicate<SimContent> scope) {
        SimSite site = Caller.of(ctx).site();
        boolean attachments = kinds.contains(ContentKind.ATTACHMENT);
        boolean comments = kinds.contains(ContentKind.FOOTER_COMMENT) || kinds.contains(ContentKind.INLINE_COMMENT);
        ContentSort sort = ContentSort.parse(ctx.queryParams().get("sort"), comments || attachments ? "created-date" : "id");
        if (sort == null || ((comments || attachments) && (sort.field().equals("id") || sort.field().equals("title")))) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid sort value");
            return;
        }
        String bodyFormat = ctx.queryParams().get("body-format");
        if (bodyFormat != null && !bodyFormat.equals("storage") && !bodyFormat.equals("atlas_doc_format")) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid body-format value");
            return;
        }
        List<String> statuses = Requests.listParam(ctx, "status");
        if (statuses.stream().anyMatch(s -> !PAGE_STATUSES.contains(s))) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid status value");
            return;
        }
        List<String> wanted = statuses.isEmpty() ? comments ? List.of("current") : List.of("current", "archived") : statuses;
        List<Long> ids = Requests.listParam(ctx, "id").stream().map(ConfluenceV2Api::parseId).toList();
        List<Long> spaceIds = Requests.listParam(ctx, "space-id").stream().map(ConfluenceV2Api::parseId).toList();
        String title = ctx.queryParams().get("title");
        String mediaType = ctx.queryParams().get("mediaType");
        String filename = ctx.queryParams().get("filename");
        Predicate<SimContent> filter = c -> wanted.contains(c.status)
                && (scope == null || scope.test(c))
                && (ids.isEmpty() || ids.contains(c.id))
                && (spaceIds.isEmpty() || spaceIds.contains(c.spaceId))
                && (title == null || title.equals(c.title))
                && (mediaType == null || mediaType.equals(c.mediaType))
                && (filename == null || filename.equals(c.title));
        int limit = Requests.intParam(ctx, "limit", attachments ? 50 : 25, 1, 250);
        String cursor = ctx.queryParams().get("cursor");
        String payload = Cursors.decode(cursor);
        if (cursor != null && ContentSort.parseCursor(payload) == null) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid cursor");
            return;
        }
        FaultDecision fault = ctx.get(FaultDecision.KEY);
        ContentPager.Page page = pager.page(site, kinds, sort, filter, payload, limit, fault);
        JsonArray results = new JsonArray();
        page.items().forEach(c -> results.add(V2Json.content(state.seed, site, c, bodyFormat)));
        sendList(ctx, site, results, page.nextCursorPayload() == null ? null : Cursors.encode(page.nextCursorPayload()));
    }

    /** Writes a v2 list with {@code _links.next}/{@code base} and the {@code Link} header. */
    static void sendList(RoutingContext ctx, SimSite site, JsonArray results, String nextCursor) {
        String base = Requests.siteBase(ctx, site.name) + "/wiki";
        JsonObject links = new JsonObject();
        String link = "<" + base + ">; rel=\"base\"";
        if (nextCursor != null) {
            String path = ctx.request().path().substring(Requests.sitePrefix(ctx, site.name).length());
            if (path.startsWith("/site/")) {
                path = path.substring(("/site/" + site.name).length());
            }
            StringBuilder next = new StringBuilder(path).append("?");
            for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
                if (!e.getKey().equals("cursor")) {
                    next.append(V2Json.encode(e.getKey())).append('=').append(V2Json.encode(e.getValue())).append('&');
                }
            }
            next.append("cursor=").append(nextCursor);
            links.put("next", next.toString());
            link = "<" + next + ">; rel=\"next\", " + link;
        }
        links.put("base", base);
        ctx.response().putHeader("Link", link);
        Json.send(ctx, 200, new JsonObject().put("results", results).put("_links", links));
    }

    private void single(RoutingContext ctx, ContentKind kind) {
        SimSite site = Caller.of(ctx).site();
        SimContent c = site.content.get(parseId(ctx.pathParam("id")));
        if (c == null || c.kind != kind) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
            return;
        }
        String wantedVersion = ctx.queryParams().get("version");
        if (wantedVersion != null && (kind == ContentKind.PAGE || kind == ContentKind.BLOGPOST)) {
            // "Allows you to retrieve a previously published version" (v2 getPageById/getBlogPostById `version`);
            // a version deleted from the history, or never published, is not found
            int number;
            try {
                number = Integer.parseInt(wantedVersion.trim());
            } catch (NumberFormatException e) {
                Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid version value");
                return;
            }
            c = c.atVersion(number);
            if (c == null) {
                Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
                return;
            }
        }
        String bodyFormat = ctx.queryParams().get("body-format");
        JsonObject o = V2Json.content(state.seed, site, c, bodyFormat == null && kind != ContentKind.ATTACHMENT ? null : bodyFormat);
        o.getJsonObject("_links").put("base", Requests.siteBase(ctx, site.name) + "/wiki");
        Json.send(ctx, 200, o);
    }

    /**
     * Version lists ({@code PageVersion}, {@code BlogPostVersion}, {@code AttachmentVersion}, {@code CommentVersion}:
     * {@code createdAt, message, number, minorEdit, authorId} and the versioned entity {@code {id, title}} under
     * {@code page}/{@code blogpost}/{@code attachment}/{@code comment}); {@code sort} {@code modified-date} or
     * {@code -modified-date} (default newest first), cursor paging: what the history keeps (a version deleted from the
     * history is gone) and the current version.
     */
    private void versions(RoutingContext ctx, ContentKind kind, String entityField) {
        SimSite site = Caller.of(ctx).site();
        SimContent c = site.content.get(parseId(ctx.pathParam("id")));
        if (c == null || c.kind != kind) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
            return;
        }
        String sort = ctx.queryParams().get("sort");
        if (sort != null && !sort.equals("modified-date") && !sort.equals("-modified-date")) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid sort value");
            return;
        }
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid cursor");
            return;
        }
        int limit = Requests.intParam(ctx, "limit", 25, 1, 250);
        List<JsonObject> all = new java.util.ArrayList<>();
        for (SimVersion v : c.history) {
            all.add(versionJson(v.number(), v.publishedAt(), v.authorId(), c, entityField));
        }
        all.add(versionJson(c.version, c.modifiedAt, c.lastEditorId, c, entityField));
        if (!"modified-date".equals(sort)) {
            java.util.Collections.reverse(all);
        }
        int end = Math.min(all.size(), start + limit);
        JsonArray results = new JsonArray();
        all.subList(Math.min(start, all.size()), end).forEach(results::add);
        sendList(ctx, site, results, end < all.size() ? Cursors.offset(end) : null);
    }

    private static JsonObject versionJson(int number, java.time.Instant at, String authorId, SimContent c, String entityField) {
        return new JsonObject().put("createdAt", at.toString()).put("message", "").put("number", number)
                .put("minorEdit", false).put("authorId", authorId)
                .put(entityField, new JsonObject().put("id", c.apiId()).put("title", c.title));
    }

    private void spaces(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        List<Long> ids = Requests.listParam(ctx, "ids").stream().map(ConfluenceV2Api::parseId).toList();
        List<String> keys = Requests.listParam(ctx, "keys");
        List<String> types = Requests.listParam(ctx, "type");
        List<String> statuses = Requests.listParam(ctx, "status");
        List<SimSpace> matching = site.spaces.values().stream()
                .filter(s -> (ids.isEmpty() || ids.contains(s.id)) && (keys.isEmpty() || keys.contains(s.key))
                        && (types.isEmpty() || types.contains(s.type)) && (statuses.isEmpty() || statuses.contains("current")))
                .sorted((a, b) -> Long.compare(a.id, b.id)).toList();
        int start = Math.max(0, Cursors.offset(ctx.queryParams().get("cursor")));
        int limit = Requests.intParam(ctx, "limit", 25, 1, 250);
        int end = Math.min(matching.size(), start + limit);
        JsonArray results = new JsonArray();
        matching.subList(Math.min(start, matching.size()), end).forEach(s -> results.add(V2Json.space(s)));
        sendList(ctx, site, results, end < matching.size() ? Cursors.offset(end) : null);
    }

    private void space(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        SimSpace s = site.spaces.get(parseId(ctx.pathParam("id")));
        if (s == null) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, null);
            return;
        }
        JsonObject o = V2Json.space(s);
        o.getJsonObject("_links").put("base", Requests.siteBase(ctx, site.name) + "/wiki");
        Json.send(ctx, 200, o);
    }

    /** Content ids are numeric; attachment ids may carry the {@code att} prefix v1 uses ({@code att123}). */
    static long parseId(String s) {
        try {
            String t = s.trim();
            return Long.parseLong(t.startsWith("att") ? t.substring(3) : t);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
