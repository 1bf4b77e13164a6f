package dev.canopy.simulator.jira;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.canopy.simulator.http.ApiUser;
import dev.canopy.simulator.generate.JiraText;
import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.media.MediaApi;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimPermissionScheme;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Jira work items as REST v3 serves them (shapes from the Jira platform description: {@code SearchAndReconcileResults},
 * {@code IssueBean}, {@code PageOfComments}, {@code PageOfWorklogs}, {@code FieldDetails}, {@code AttachmentMetadata}):
 * <ul>
 * <li>{@code GET|POST /rest/api/3/search/jql}, the enhanced search: bounded JQL only, {@code nextPageToken} paging with
 * {@code isLast}; {@code fields} defaults to {@code id} ("By default, this resource returns IDs only"); at most 5,000
 * issues per page for id/key and fewer when more fields are asked for ("API may return fewer items per page where a
 * large number of fields or properties are requested"; the simulator caps those pages at 100). The deprecated
 * {@code /rest/api/3/search} answers 410 (CHANGE-2046; steampipe-plugin-jira#179).</li>
 * <li>the embedded {@code comment} and {@code worklog} fields carry at most 20 entries with the real {@code total}
 * (worklogs: atlassian-mcp-server#180, apache/devlake#9149; comments are assumed to behave alike), so a client has to
 * page {@code /issue/{id}/comment} and {@code /issue/{id}/worklog} when {@code total} is larger. Neither is a
 * navigable field: {@code *navigable} leaves them out (pycontribs/jira#914).</li>
 * <li>timestamps as Jira writes them: {@code 2024-03-01T09:15:00.000-0800}, in the API user's time zone.</li>
 * <li>projects the credentials cannot browse are invisible: missing from search, 404 on their issues.</li>
 * <li>{@code GET /rest/api/3/attachment/content/{id}} answers 303 to the media host (or the bytes with
 * {@code redirect=false}).</li>
 * </ul>
 */
public final class JiraContentApi {
    private static final String S = "/site/:site";
    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ApiUser.ZONE);
    private static final int EMBEDDED_MAX = 20;
    private static final Set<String> ALL_FIELDS = Set.of("summary", "description", "environment", "labels", "created",
            "updated", "project", "reporter", "status", "issuetype", "attachment", "comment", "worklog",
            JiraText.NOTES_FIELD, JiraText.BUILD_FIELD);
    private static final Set<String> NOT_NAVIGABLE = Set.of("comment", "worklog");

    private final SimState state;
    private final MediaApi media;
    private final String mediaBaseUrl;

    public JiraContentApi(SimState state, MediaApi media, String mediaBaseUrl) {
        this.state = state;
        this.media = media;
        this.mediaBaseUrl = mediaBaseUrl;
    }

    public void mount(Router router) {
        router.get(S + "/rest/api/3/search/jql").handler(ctx -> search(ctx, ctx.queryParams().get("jql"),
                ctx.queryParams().get("nextPageToken"), Requests.intParam(ctx, "maxResults", 50, 0, Integer.MAX_VALUE),
                Requests.listParam(ctx, "fields")));
        router.post(S + "/rest/api/3/search/jql").handler(ctx -> {
            JsonObject b = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
            List<String> fields = new ArrayList<>();
            b.getJsonArray("fields", new JsonArray()).forEach(f -> fields.add(String.valueOf(f)));
            search(ctx, b.getString("jql"), b.getString("nextPageToken"), b.getInteger("maxResults", 50), fields);
        });
        router.get(S + "/rest/api/3/search").handler(ctx -> Errors.send(ctx, ApiFamily.JIRA, 410,
                "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."));
        router.post(S + "/rest/api/3/search").handler(ctx -> Errors.send(ctx, ApiFamily.JIRA, 410,
                "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."));
        router.get(S + "/rest/api/3/issue/:issue").handler(this::issue);
        router.get(S + "/rest/api/3/issue/:issue/comment").handler(ctx -> items(ctx, SimJiraItem.Kind.COMMENT));
        router.get(S + "/rest/api/3/issue/:issue/worklog").handler(ctx -> items(ctx, SimJiraItem.Kind.WORKLOG));
        router.get(S + "/rest/api/3/attachment/content/:id").handler(this::attachmentContent);
        router.get(S + "/rest/api/3/field").handler(this::fields);
        router.get(S + "/rest/api/3/project/:project/permissionscheme").handler(this::projectScheme);
    }

    private void search(RoutingContext ctx, String jql, String token, int maxResults, List<String> fieldParams) {
        SimSite site = Caller.of(ctx).site();
        Jql.Query query;
        try {
            query = Jql.parse(jql, site, state.clock());
        } catch (Jql.JqlException e) {
            Errors.send(ctx, ApiFamily.JIRA, 400, e.getMessage());
            return;
        }
        Set<String> fields = fields(fieldParams.isEmpty() ? List.of("id") : fieldParams);
        int cap = fields.isEmpty() || fields.equals(Set.of("key")) ? 5000 : 100;
        int limit = Math.max(1, Math.min(maxResults, cap));
        int start = 0;
        if (token != null && !token.isBlank()) {
            start = decodeToken(token, jql);
            if (start < 0) {
                Errors.send(ctx, ApiFamily.JIRA, 400, "The provided next page token is invalid or expired.");
                return;
            }
        }
        List<SimIssue> matching = site.issues.values().stream()
                .filter(i -> site.projects.get(i.projectId).browsable).filter(query.filter()).sorted(query.order()).toList();
        int end = Math.min(matching.size(), start + limit);
        String base = Requests.siteBase(ctx, site.name);
        JsonArray issues = new JsonArray();
        for (SimIssue i : matching.subList(Math.min(start, matching.size()), end)) {
            issues.add(issueJson(base, site, i, fields));
        }
        JsonObject out = new JsonObject().put("issues", issues).put("isLast", end >= matching.size());
        if (end < matching.size()) {
            out.put("nextPageToken", encodeToken(end, jql));
        }
        Json.send(ctx, 200, out);
    }

    /** The requested field set: {@code *all}, {@code *navigable}, names, {@code -name} exclusions; {@code id} is implied. */
    static Set<String> fields(List<String> params) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : params) {
            switch (f) {
                case "*all" -> out.addAll(ALL_FIELDS);
                case "*navigable" -> ALL_FIELDS.stream().filter(x -> !NOT_NAVIGABLE.contains(x)).forEach(out::add);
                case "id" -> {
                    // always returned
                }
                default -> {
                    if (f.startsWith("-")) {
                        out.remove(f.substring(1));
                    } else if (ALL_FIELDS.contains(f) || f.equals("key")) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    private static String encodeToken(int offset, String jql) {
        String raw = offset + ":" + Integer.toHexString(String.valueOf(jql).hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for, or -1 when it is malformed or was issued for another query. */
    private static int decodeToken(String token, String jql) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length != 2 || !parts[1].equals(Integer.toHexString(String.valueOf(jql).hashCode()))) {
                return -1;
            }
            return Integer.parseInt(parts[0]);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private void issue(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        SimIssue i = site.visibleIssue(ctx.pathParam("issue"));
        if (i == null) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "Issue does not exist or you do not have permission to see it.");
            return;
        }
        List<String> params = Requests.listParam(ctx, "fields");
        Json.send(ctx, 200, issueJson(Requests.siteBase(ctx, site.name), site, i, fields(params.isEmpty() ? List.of("*all") : params)));
    }

    JsonObject issueJson(String base, SimSite site, SimIssue i, Set<String> fields) {
        JsonObject o = new JsonObject().put("id", String.valueOf(i.id));
        if (fields.isEmpty()) {
            return o;
        }
        o.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations")
                .put("self", base + "/rest/api/3/issue/" + i.id).put("key", i.key);
        JsonObject f = new JsonObject();
        SimProject project = site.projects.get(i.projectId);
        for (String field : fields) {
            switch (field) {
                case "summary" -> f.put("summary", i.summary);
                case "description" -> f.put("description", JiraText.description(state.seed, i));
                case "environment" -> f.put("environment", JiraText.environment(state.seed, i));
                case "labels" -> f.put("labels", new JsonArray(new ArrayList<>(i.labels)));
                case "created" -> f.put("created", JIRA_TIME.format(i.createdAt));
                case "updated" -> f.put("updated", JIRA_TIME.format(i.updatedAt));
                case "project" -> f.put("project", new JsonObject().put("self", base + "/rest/api/3/project/" + project.id)
                        .put("id", String.valueOf(project.id)).put("key", project.key).put("name", project.name)
                        .put("projectTypeKey", "software").put("simplified", false));
                case "reporter" -> f.put("reporter", user(base, site, i.reporterId));
                case "status" -> f.put("status", new JsonObject().put("self", base + "/rest/api/3/status/1")
                        .put("name", i.id % 4 == 0 ? "Done" : "To Do").put("id", i.id % 4 == 0 ? "10001" : "10000"));
                case "issuetype" -> f.put("issuetype", new JsonObject().put("self", base + "/rest/api/3/issuetype/10001")
                        .put("id", "10001").put("name", i.id % 3 == 0 ? "Bug" : "Task").put("subtask", false));
                case "attachment" -> {
                    JsonArray a = new JsonArray();
                    i.attachments.forEach(x -> a.add(attachmentJson(base, site, x)));
                    f.put("attachment", a);
                }
                case "comment" -> f.put("comment", embedded(base, site, i, SimJiraItem.Kind.COMMENT));
                case "worklog" -> f.put("worklog", embedded(base, site, i, SimJiraItem.Kind.WORKLOG));
                case "key" -> {
                    // top level only
                }
                default -> f.put(field, JiraText.customField(state.seed, i, field));
            }
        }
        return o.put("fields", f);
    }

    private JsonObject embedded(String base, SimSite site, SimIssue i, SimJiraItem.Kind kind) {
        List<SimJiraItem> all = i.items(kind);
        JsonArray out = new JsonArray();
        all.subList(0, Math.min(EMBEDDED_MAX, all.size())).forEach(x -> out.add(itemJson(base, site, i, x)));
        JsonObject o = new JsonObject().put("startAt", 0).put("maxResults", EMBEDDED_MAX).put("total", all.size());
        if (kind == SimJiraItem.Kind.COMMENT) {
            return o.put("comments", out).put("self", base + "/rest/api/3/issue/" + i.id + "/comment");
        }
        return o.put("worklogs", out);
    }

    private JsonObject itemJson(String base, SimSite site, SimIssue issue, SimJiraItem x) {
        JsonObject author = user(base, site, x.authorId);
        JsonObject o = new JsonObject().put("id", String.valueOf(x.id)).put("author", author).put("updateAuthor", author)
                .put("created", JIRA_TIME.format(x.createdAt)).put("updated", JIRA_TIME.format(x.updatedAt));
        if (x.kind == SimJiraItem.Kind.COMMENT) {
            return o.put("self", base + "/rest/api/3/issue/" + issue.id + "/comment/" + x.id)
                    .put("body", JiraText.itemBody(state.seed, x)).put("jsdPublic", true);
        }
        return o.put("self", base + "/rest/api/3/issue/" + issue.id + "/worklog/" + x.id).put("issueId", String.valueOf(issue.id))
                .put("comment", JiraText.itemBody(state.seed, x)).put("started", JIRA_TIME.format(x.createdAt))
                .put("timeSpent", "1h").put("timeSpentSeconds", 3600);
    }

    private JsonObject attachmentJson(String base, SimSite site, SimJiraItem a) {
        return new JsonObject().put("self", base + "/rest/api/3/attachments/" + a.id).put("id", String.valueOf(a.id))
                .put("filename", a.filename).put("author", user(base, site, a.authorId))
                .put("created", JIRA_TIME.format(a.createdAt)).put("size", JiraText.attachment(state.seed, a).length)
                .put("mimeType", a.mimeType).put("content", base + "/rest/api/3/attachment/content/" + a.id);
    }

    private static JsonObject user(String base, SimSite site, String accountId) {
        SimUser u = site.org.users.get(accountId);
        return new JsonObject().put("self", base + "/rest/api/3/user?accountId=" + accountId).put("accountId", accountId)
                .put("displayName", u == null ? "Former user" : u.name).put("active", u != null && u.active())
                .put("accountType", "atlassian");
    }

    /** {@code PageOfComments} / {@code PageOfWorklogs}: offset paging with {@code startAt}, {@code maxResults}, {@code total}. */
    private void items(RoutingContext ctx, SimJiraItem.Kind kind) {
        SimSite site = Caller.of(ctx).site();
        SimIssue i = site.visibleIssue(ctx.pathParam("issue"));
        if (i == null) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "Issue does not exist or you do not have permission to see it.");
            return;
        }
        boolean comments = kind == SimJiraItem.Kind.COMMENT;
        int startAt = Requests.intParam(ctx, "startAt", 0, 0, Integer.MAX_VALUE);
        int max = Requests.intParam(ctx, "maxResults", comments ? 100 : 5000, 1, comments ? 100 : 5000);
        List<SimJiraItem> all = i.items(kind);
        String base = Requests.siteBase(ctx, site.name);
        JsonArray out = new JsonArray();
        all.subList(Math.min(startAt, all.size()), Math.min(all.size(), startAt + max)).forEach(x -> out.add(itemJson(base, site, i, x)));
        Json.send(ctx, 200, new JsonObject().put("startAt", startAt).put("maxResults", max).put("total", all.size())
                .put(comments ? "comments" : "worklogs", out));
    }

    private void attachmentContent(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        SimJiraItem a;
        try {
            a = site.jiraItems.get(Long.parseLong(ctx.pathParam("id")));
        } catch (NumberFormatException e) {
            a = null;
        }
        if (a == null || a.kind != SimJiraItem.Kind.ATTACHMENT || site.visibleIssue(String.valueOf(a.issueId)) == null) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "The attachment with id '" + ctx.pathParam("id") + "' does not exist");
            return;
        }
        if ("false".equalsIgnoreCase(ctx.queryParams().get("redirect"))) {
            ctx.response().putHeader("Content-Type", a.mimeType).end(io.vertx.core.buffer.Buffer.buffer(JiraText.attachment(state.seed, a)));
            return;
        }
        ctx.response().setStatusCode(303).putHeader("Location", media.location(mediaBaseUrl, site, a)).end();
    }

    /** {@code FieldDetails[]}: the system text fields and the two text custom fields (multi-line ADF, single-line string). */
    private void fields(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        out.add(field("summary", "Summary", false, "string", null));
        out.add(field("description", "Description", false, "string", null));
        out.add(field("environment", "Environment", false, "string", null));
        out.add(field("labels", "Labels", false, "array", null));
        out.add(field(JiraText.NOTES_FIELD, "Deployment notes", true, "string",
                "com.atlassian.jira.plugin.system.customfieldtypes:textarea"));
        out.add(field(JiraText.BUILD_FIELD, "Build reference", true, "string",
                "com.atlassian.jira.plugin.system.customfieldtypes:textfield"));
        out.add(field("customfield_10052", "Story points", true, "number",
                "com.atlassian.jira.plugin.system.customfieldtypes:float"));
        Json.send(ctx, 200, out);
    }

    private static JsonObject field(String id, String name, boolean custom, String type, String customType) {
        JsonObject schema = new JsonObject().put("type", type);
        if (customType != null) {
            schema.put("custom", customType).put("customId", Long.parseLong(id.substring("customfield_".length())));
        } else {
            schema.put("system", id);
        }
        return new JsonObject().put("id", id).put("key", id).put("name", name).put("custom", custom).put("orderable", true)
                .put("navigable", true).put("searchable", true).put("clauseNames", new JsonArray().add(id))
                .put("schema", schema);
    }

    /** {@code GET /rest/api/3/project/{projectIdOrKey}/permissionscheme}: the scheme assigned to a project. */
    private void projectScheme(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        String ref = ctx.pathParam("project");
        SimProject p = site.projects.values().stream().filter(x -> x.browsable
                && (x.key.equals(ref) || String.valueOf(x.id).equals(ref))).findFirst().orElse(null);
        SimPermissionScheme s = p == null ? null : site.permissionSchemes.stream()
                .filter(x -> x.id == p.permissionSchemeId).findFirst().orElse(null);
        if (s == null) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "No project could be found with key '" + ref + "'.");
            return;
        }
        String base = Requests.siteBase(ctx, site.name);
        Json.send(ctx, 200, new JsonObject().put("expand", "permissions,user,group,projectRole,field,all")
                .put("id", s.id).put("self", base + "/rest/api/3/permissionscheme/" + s.id).put("name", s.name)
                .put("description", s.description));
    }

}
