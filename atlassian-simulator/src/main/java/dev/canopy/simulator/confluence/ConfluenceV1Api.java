package dev.canopy.simulator.confluence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.canopy.simulator.generate.Bodies;
import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.media.MediaApi;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Confluence REST v1: CQL search ({@code /search}, {@code /content/search}; paged by the opaque cursor in
 * {@code _links.next} only, {@code start} is ignored), spaces with {@code expand=permissions}, attachment download.
 */
public final class ConfluenceV1Api {
    private static final String V1 = "/site/:site/wiki/rest/api";
    private final SimState state;
    private final MediaApi media;
    private final String mediaBaseUrl;

    public ConfluenceV1Api(SimState state, MediaApi media, String mediaBaseUrl) {
        this.state = state;
        this.media = media;
        this.mediaBaseUrl = mediaBaseUrl;
    }

    public void mount(Router router) {
        router.get(V1 + "/search").handler(ctx -> search(ctx, true));
        router.get(V1 + "/content/search").handler(ctx -> search(ctx, false));
        router.get(V1 + "/space").handler(this::spaces);
        router.get(V1 + "/group").handler(this::groups);
        router.get(V1 + "/content/:id/child/attachment/:attachmentId/download").handler(this::download);
        router.get("/site/:site/wiki/download/attachments/:containerId/:filename").handler(this::servletDownload);
    }

    private void search(RoutingContext ctx, boolean searchResults) {
        SimSite site = Caller.of(ctx).site();
        String cqlText = ctx.queryParams().get("cql");
        Cql cql;
        try {
            cql = Cql.parse(cqlText, site);
        } catch (RuntimeException e) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 400, e.getMessage());
            return;
        }
        int limit = Requests.intParam(ctx, "limit", 25, 1, searchResults ? 100 : 200);
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 400, "Invalid cursor");
            return;
        }
        Comparator<SimContent> order = Comparator.comparing((SimContent c) -> cql.orderField().equals("created") ? c.createdAt : c.modifiedAt)
                .thenComparingLong(c -> c.id);
        List<SimContent> matching = site.content.values().stream()
                .filter(c -> "current".equals(c.status) || "archived".equals(c.status)).filter(cql.filter())
                .sorted(cql.desc() ? order.reversed() : order).toList();
        int end = Math.min(matching.size(), start + limit);
        List<String> expand = Requests.listParam(ctx, "expand");
        boolean withBody = expand.stream().anyMatch(e -> e.contains("body.storage"));
        String base = Requests.siteBase(ctx, site.name) + "/wiki";
        JsonArray results = new JsonArray();
        for (SimContent c : matching.subList(Math.min(start, matching.size()), end)) {
            JsonObject content = content(site, c, withBody);
            if (searchResults) {
                SimSpace space = site.spaces.get(c.spaceId);
                results.add(new JsonObject().put("content", content).put("title", c.title)
                        .put("excerpt", c.title).put("url", content.getJsonObject("_links").getString("webui"))
                        .put("resultGlobalContainer", new JsonObject().put("title", space.name).put("displayUrl", "/spaces/" + space.key))
                        .put("breadcrumbs", new JsonArray()).put("entityType", "content")
                        .put("iconCssClass", "aui-icon content-type-" + c.kind.v1Type)
                        .put("lastModified", c.modifiedAt.toString()).put("friendlyLastModified", c.modifiedAt.toString().substring(0, 10))
                        .put("score", 1.0));
            } else {
                results.add(content);
            }
        }
        String path = searchResults ? "/rest/api/search" : "/rest/api/content/search";
        JsonObject links = new JsonObject().put("base", base).put("context", "/wiki")
                .put("self", base + path + "?cql=" + V2Json.encode(cqlText));
        if (end < matching.size()) {
            StringBuilder next = new StringBuilder(path).append("?next=true");
            for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
                if (!e.getKey().equals("cursor") && !e.getKey().equals("next") && !e.getKey().equals("start")) {
                    next.append('&').append(V2Json.encode(e.getKey())).append('=').append(V2Json.encode(e.getValue()));
                }
            }
            links.put("next", next.append("&cursor=").append(Cursors.offset(end)).toString());
        }
        JsonObject body = new JsonObject().put("results", results).put("start", start).put("limit", limit)
                .put("size", results.size());
        if (searchResults) {
            body.put("totalSize", matching.size()).put("cqlQuery", cqlText).put("searchDuration", 12)
                    .put("archivedResultCount", 0);
        }
        Json.send(ctx, 200, body.put("_links", links));
    }

    private JsonObject content(SimSite site, SimContent c, boolean withBody) {
        SimSpace space = site.spaces.get(c.spaceId);
        SimUser author = site.org.users.get(c.authorId);
        SimUser editor = site.org.users.get(c.lastEditorId);
        String status = c.status;
        JsonObject o = new JsonObject().put("id", c.apiId()).put("type", c.kind.v1Type).put("status", status)
                .put("title", c.title)
                .put("space", new JsonObject().put("id", space.id).put("key", space.key).put("name", space.name)
                        .put("type", space.type).put("status", "current").put("_expandable", new JsonObject())
                        .put("_links", new JsonObject().put("webui", "/spaces/" + space.key)))
                .put("history", new JsonObject().put("latest", true).put("createdBy", user(author))
                        .put("createdDate", c.createdAt.toString()))
                .put("version", new JsonObject().put("by", user(editor)).put("when", c.modifiedAt.toString())
                        .put("friendlyWhen", c.modifiedAt.toString().substring(0, 10)).put("message", "")
                        .put("number", c.version).put("minorEdit", false));
        if (c.kind.isComment() || c.kind == ContentKind.ATTACHMENT) {
            SimContent container = site.content.get(c.containerId);
            o.put("container", new JsonObject().put("id", String.valueOf(c.containerId))
                    .put("type", container == null ? "page" : container.kind.v1Type)
                    .put("title", container == null ? "" : container.title));
        }
        if (c.kind == ContentKind.ATTACHMENT) {
            o.put("metadata", new JsonObject().put("mediaType", c.mediaType))
                    .put("extensions", new JsonObject().put("mediaType", c.mediaType)
                            .put("fileSize", Bodies.attachment(state.seed, c).length).put("comment", ""));
        }
        if (withBody && c.kind != ContentKind.ATTACHMENT) {
            o.put("body", new JsonObject().put("storage", new JsonObject().put("value", Bodies.storage(state.seed, c))
                    .put("representation", "storage").put("embeddedContent", new JsonArray())
                    .put("_expandable", new JsonObject().put("content", "/rest/api/content/" + c.id))));
        }
        JsonObject links = new JsonObject().put("webui", "/spaces/" + space.key + "/pages/" + (c.kind == ContentKind.PAGE
                ? c.id : c.containerId)).put("self", "/rest/api/content/" + c.id).put("tinyui", "/x/" + Long.toString(c.id, 36));
        if (c.kind == ContentKind.ATTACHMENT) {
            links.put("download", "/download/attachments/" + c.containerId + "/" + V2Json.encode(c.title)
                    + "?version=" + c.version + "&modificationDate=" + c.modifiedAt.toEpochMilli() + "&api=v2");
        }
        return o.put("_expandable", new JsonObject().put("children", "/rest/api/content/" + c.id + "/child")
                .put("ancestors", "")).put("_links", links);
    }

    static JsonObject user(SimUser u) {
        if (u == null) {
            return new JsonObject().put("type", "unknown");
        }
        return new JsonObject().put("type", "known").put("accountId", u.accountId).put("accountType", "atlassian")
                .put("email", u.email).put("publicName", u.name).put("displayName", u.name).put("isExternalCollaborator", false)
                .put("_links", new JsonObject().put("self", "/rest/api/user?accountId=" + u.accountId));
    }

    /**
     * {@code GET /wiki/rest/api/group} ({@code GroupArrayWithLinks}: {@code results[] {type, name, id, _links}},
     * {@code start}, {@code limit}, {@code size}, {@code _links}); offset paging, {@code limit} default 200.
     */
    private void groups(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        int start = Requests.intParam(ctx, "start", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.intParam(ctx, "limit", 200, 1, 1000);
        List<SimGroup> groups = new ArrayList<>(site.org.groups.values());
        int end = Math.min(groups.size(), start + limit);
        String base = Requests.siteBase(ctx, site.name) + "/wiki";
        JsonArray results = new JsonArray();
        for (SimGroup g : groups.subList(Math.min(start, groups.size()), end)) {
            results.add(new JsonObject().put("type", "group").put("name", g.name).put("id", g.id)
                    .put("_links", new JsonObject().put("self", base + "/rest/api/group/by-id?id=" + g.id)));
        }
        JsonObject links = new JsonObject().put("base", base).put("context", "/wiki").put("self", base + "/rest/api/group");
        if (end < groups.size()) {
            links.put("next", "/rest/api/group?limit=" + limit + "&start=" + end);
        }
        Json.send(ctx, 200, new JsonObject().put("results", results).put("start", start).put("limit", limit)
                .put("size", results.size()).put("_links", links));
    }

    /** Offset paging ({@code start}/{@code limit}); permissions only for the site admin, like real space admin rights. */
    private void spaces(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        SimSite site = caller.site();
        int start = Requests.intParam(ctx, "start", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.intParam(ctx, "limit", 25, 1, 250);
        List<String> keys = Requests.listParam(ctx, "spaceKey");
        boolean permissions = Requests.listParam(ctx, "expand").contains("permissions");
        if (permissions && !site.v1SpacePermissionsAvailable) {
            // expand=permissions is gone from the current v1 description; a site can be set to answer as if removed
            Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 404, "expand=permissions is not available");
            return;
        }
        List<SimSpace> spaces = site.spaces.values().stream().filter(s -> keys.isEmpty() || keys.contains(s.key)).toList();
        int end = Math.min(spaces.size(), start + limit);
        String base = Requests.siteBase(ctx, site.name) + "/wiki";
        JsonArray results = new JsonArray();
        for (SimSpace s : spaces.subList(Math.min(start, spaces.size()), end)) {
            JsonObject o = new JsonObject().put("id", s.id).put("key", s.key).put("name", s.name).put("type", s.type)
                    .put("status", "current");
            JsonObject expandable = new JsonObject().put("settings", "/rest/api/space/" + s.key + "/settings")
                    .put("metadata", "").put("operations", "").put("lookAndFeel", "/rest/api/settings/lookandfeel?spaceKey=" + s.key)
                    .put("identifiers", "").put("icon", "").put("description", "").put("theme", "/rest/api/space/" + s.key + "/theme")
                    .put("history", "").put("homepage", "/rest/api/content/" + s.homepageId);
            if (permissions && caller.admin()) {
                o.put("permissions", permissions(site, s));
            } else {
                expandable.put("permissions", "");
            }
            results.add(o.put("_expandable", expandable).put("_links", new JsonObject().put("webui", "/spaces/" + s.key)
                    .put("self", base + "/rest/api/space/" + s.key)));
        }
        JsonObject links = new JsonObject().put("base", base).put("context", "/wiki").put("self", base + "/rest/api/space");
        if (end < spaces.size()) {
            links.put("next", "/rest/api/space?" + (permissions ? "expand=permissions&" : "") + "limit=" + limit + "&start=" + end);
        }
        Json.send(ctx, 200, new JsonObject().put("results", results).put("start", start).put("limit", limit)
                .put("size", results.size()).put("_links", links));
    }

    private static JsonArray permissions(SimSite site, SimSpace s) {
        JsonArray out = new JsonArray();
        long id = s.id * 100;
        SimGroup admins = site.org.groups.get(s.adminGroupId);
        for (String op : List.of("read", "create", "delete", "administer")) {
            out.add(new JsonObject().put("id", id++).put("subjects", new JsonObject().put("group", new JsonObject()
                    .put("results", new JsonArray().add(new JsonObject().put("type", "group").put("name", admins.name).put("id", admins.id)))
                    .put("size", 1))).put("operation", new JsonObject().put("operation", op).put("targetType", "space"))
                    .put("anonymousAccess", false).put("unlicensedAccess", false));
        }
        for (String target : List.of("page", "blogpost")) {
            out.add(new JsonObject().put("id", id++).put("subjects", new JsonObject().put("group", new JsonObject()
                    .put("results", new JsonArray().add(new JsonObject().put("type", "group").put("name", "confluence-users")))
                    .put("size", 1))).put("operation", new JsonObject().put("operation", "create").put("targetType", target))
                    .put("anonymousAccess", false).put("unlicensedAccess", false));
        }
        if (s.anonymousRead) {
            out.add(new JsonObject().put("id", id++).put("operation", new JsonObject().put("operation", "read")
                    .put("targetType", "space")).put("anonymousAccess", true).put("unlicensedAccess", false));
        }
        if (s.unlicensedRead) {
            out.add(new JsonObject().put("id", id).put("operation", new JsonObject().put("operation", "read")
                    .put("targetType", "space")).put("anonymousAccess", false).put("unlicensedAccess", true));
        }
        return out;
    }

    /**
     * {@code GET /wiki/rest/api/content/{id}/child/attachment/{attachmentId}/download}: 302 to the media host with a
     * short-lived token in the URL (official v1 description: "Redirects the client to a URL that serves an attachment's
     * binary data"; 400 when {@code version} is above the latest, 404 when the content or attachment is not found).
     */
    private void download(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        SimContent a = site.content.get(ConfluenceV2Api.parseId(ctx.pathParam("attachmentId")));
        long containerId = ConfluenceV2Api.parseId(ctx.pathParam("id"));
        if (a == null || a.kind != ContentKind.ATTACHMENT || a.containerId != containerId || "deleted".equals(a.status)) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 404, "No attachment with the given id on content " + ctx.pathParam("id"));
            return;
        }
        String v = ctx.queryParams().get("version");
        int version = a.version;
        if (v != null) {
            try {
                version = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1 || version > a.version) {
                Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 400, "Invalid version " + v);
                return;
            }
        }
        ctx.response().setStatusCode(302).putHeader("Location", media.location(mediaBaseUrl, site, a, version)).end();
    }

    /**
     * The web servlet path that v2 {@code downloadLink} and v1 {@code _links.download} still point to. On current Cloud it
     * answers 401 with {@code WWW-Authenticate: OAuth realm="<site>/wiki"} to API-token Basic auth (CHANGE-3007,
     * "Deprecation of /download/attachments/ APIs"; reproduced with curl in epam/dm.ai#252, pchuri/confluence-cli#199,
     * sooperset/mcp-atlassian#1368).
     */
    private void servletDownload(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "OAuth realm=\"" + Caller.of(ctx).site().name + "/wiki\"");
        Errors.send(ctx, ApiFamily.CONFLUENCE_V1, 401, "This resource requires OAuth authentication");
    }
}
