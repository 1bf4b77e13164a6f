package dev.canopy.simulator.jira;

import java.util.ArrayList;
import java.util.List;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimApp;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimPermissionGrant;
import dev.canopy.simulator.model.SimPermissionScheme;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Jira platform endpoints the connector uses: users search (offset, bare array, includes app users), group bulk and
 * members, permission schemes, the plugin manager listing (site admin only) and {@code /_edge/tenant_info}.
 */
public final class JiraApi {
    private static final String S = "/site/:site";

    public void mount(Router router) {
        router.get(S + "/rest/api/3/users/search").handler(this::users);
        router.get(S + "/rest/api/3/group/bulk").handler(this::groups);
        router.get(S + "/rest/api/3/group/member").handler(this::members);
        router.get(S + "/rest/api/3/permissionscheme").handler(this::permissionSchemes);
        router.get(S + "/rest/api/3/groups/picker").handler(this::groupPicker);
        router.get(S + "/rest/api/3/user/groups").handler(this::userGroups);
        router.get(S + "/rest/api/3/project/search").handler(this::projects);
        router.get(S + "/rest/plugins/1.0/").handler(ctx -> plugins(ctx, "jira"));
        router.get(S + "/wiki/rest/plugins/1.0/").handler(ctx -> plugins(ctx, "confluence"));
        // ServerInformation of the Jira platform description (deploymentType "always returned as Cloud")
        router.get(S + "/rest/api/3/serverInfo").handler(ctx -> {
            SimSite site = Caller.of(ctx).site();
            Json.send(ctx, 200, new JsonObject().put("baseUrl", "https://" + site.name + ".atlassian.net")
                    .put("displayUrl", "https://" + site.name + ".atlassian.net").put("version", "1001.0.0-SNAPSHOT")
                    .put("versionNumbers", new io.vertx.core.json.JsonArray().add(1001).add(0).add(0))
                    .put("deploymentType", "Cloud").put("buildNumber", 100293).put("serverTitle", site.name)
                    .put("serverTime", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString()));
        });
        router.get(S + "/_edge/tenant_info").handler(ctx -> Json.send(ctx, 200,
                new JsonObject().put("cloudId", Caller.of(ctx).site().cloudId)));
    }

    private void users(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        int startAt = Requests.intParam(ctx, "startAt", 0, 0, Integer.MAX_VALUE);
        int max = Requests.intParam(ctx, "maxResults", 50, 1, 1000);
        String base = Requests.siteBase(ctx, site.name);
        List<JsonObject> all = new ArrayList<>();
        for (SimUser u : site.org.users.values()) {
            all.add(userJson(base, u.accountId, "atlassian", u.active(), u.name, u.email, u.timeZone));
        }
        for (SimApp a : site.apps.values()) {
            all.add(userJson(base, a.appUserAccountId(), "app", a.enabled(), a.name(), null, null));
        }
        JsonArray out = new JsonArray();
        all.subList(Math.min(startAt, all.size()), Math.min(all.size(), startAt + max)).forEach(out::add);
        Json.send(ctx, 200, out);
    }

    static JsonObject userJson(String base, String accountId, String type, boolean active, String name, String email,
            String timeZone) {
        String initials = name.substring(0, Math.min(2, name.length())).toUpperCase();
        JsonObject avatars = new JsonObject();
        for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
            avatars.put(size, "https://secure.gravatar.com/avatar/" + Integer.toHexString(accountId.hashCode())
                    + "?d=https%3A%2F%2Favatar-management--avatars.us-west-2.prod.public.atl-paas.net%2Finitials%2F"
                    + initials + "-5.png&s=" + size.substring(0, size.indexOf('x')));
        }
        JsonObject o = new JsonObject().put("self", base + "/rest/api/3/user?accountId=" + accountId)
                .put("accountId", accountId).put("accountType", type);
        if (email != null) {
            o.put("emailAddress", email);
        }
        o.put("avatarUrls", avatars).put("displayName", name).put("active", active);
        if (timeZone != null) {
            o.put("timeZone", timeZone);
        }
        return o;
    }

    private void groups(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        int startAt = Requests.intParam(ctx, "startAt", 0, 0, Integer.MAX_VALUE);
        int max = Requests.intParam(ctx, "maxResults", 50, 1, 50);
        List<String> ids = Requests.listParam(ctx, "groupId");
        List<String> names = Requests.listParam(ctx, "groupName");
        List<SimGroup> groups = site.org.groups.values().stream()
                .filter(g -> (ids.isEmpty() || ids.contains(g.id)) && (names.isEmpty() || names.contains(g.name))).toList();
        JsonArray values = new JsonArray();
        int end = Math.min(groups.size(), startAt + max);
        groups.subList(Math.min(startAt, groups.size()), end)
                .forEach(g -> values.add(new JsonObject().put("groupId", g.id).put("name", g.name)));
        String self = Requests.siteBase(ctx, site.name) + "/rest/api/3/group/bulk";
        JsonObject page = new JsonObject().put("isLast", end >= groups.size()).put("maxResults", max);
        if (end < groups.size()) {
            page.put("nextPage", self + "?startAt=" + end + "&maxResults=" + max);
        }
        Json.send(ctx, 200, page.put("self", self + "?startAt=" + startAt + "&maxResults=" + max).put("startAt", startAt)
                .put("total", groups.size()).put("values", values));
    }

    private void members(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        String id = ctx.queryParams().get("groupId");
        String name = ctx.queryParams().get("groupname");
        SimGroup group = site.org.groups.values().stream()
                .filter(g -> (id != null && g.id.equals(id)) || (id == null && name != null && g.name.equals(name)))
                .findFirst().orElse(null);
        if (id == null && name == null) {
            Errors.send(ctx, ApiFamily.JIRA, 400, "You must specify a group name or group id.");
            return;
        }
        if (group == null) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "Group does not exist.");
            return;
        }
        boolean includeInactive = Boolean.parseBoolean(ctx.queryParams().get("includeInactiveUsers"));
        int startAt = Requests.intParam(ctx, "startAt", 0, 0, Integer.MAX_VALUE);
        int max = Requests.intParam(ctx, "maxResults", 50, 1, 50);
        String base = Requests.siteBase(ctx, site.name);
        List<SimUser> members = group.members.stream().map(site.org.users::get)
                .filter(u -> u != null && (includeInactive || u.active())).toList();
        int end = Math.min(members.size(), startAt + max);
        JsonArray values = new JsonArray();
        members.subList(Math.min(startAt, members.size()), end)
                .forEach(u -> values.add(userJson(base, u.accountId, u.accountType, u.active(), u.name, u.email, u.timeZone)));
        String self = base + "/rest/api/3/group/member?groupId=" + group.id + "&includeInactiveUsers=" + includeInactive;
        JsonObject page = new JsonObject().put("isLast", end >= members.size()).put("maxResults", max);
        if (end < members.size()) {
            page.put("nextPage", self + "&startAt=" + end + "&maxResults=" + max);
        }
        Json.send(ctx, 200, page.put("self", self + "&startAt=" + startAt + "&maxResults=" + max).put("startAt", startAt)
                .put("total", members.size()).put("values", values));
    }

    /**
     * {@code GET /rest/api/3/groups/picker} ({@code FoundGroups}: {@code header}, {@code total}, {@code groups[]} of
     * {@code name, html, labels, groupId}): groups whose name contains {@code query} (case-insensitive), minus
     * {@code exclude}/{@code excludeId}, at most {@code maxResults} (default 20).
     */
    private void groupPicker(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        String query = ctx.queryParams().get("query") == null ? "" : ctx.queryParams().get("query").toLowerCase(java.util.Locale.ROOT);
        List<String> exclude = Requests.listParam(ctx, "exclude");
        List<String> excludeIds = Requests.listParam(ctx, "excludeId");
        int max = Requests.intParam(ctx, "maxResults", 20, 0, 1000);
        List<SimGroup> matching = site.org.groups.values().stream()
                .filter(g -> g.name.toLowerCase(java.util.Locale.ROOT).contains(query) && !exclude.contains(g.name)
                        && !excludeIds.contains(g.id)).toList();
        JsonArray groups = new JsonArray();
        matching.stream().limit(max).forEach(g -> groups.add(new JsonObject().put("name", g.name)
                .put("html", g.name.replace(query, "<b>" + query + "</b>")).put("labels", new JsonArray())
                .put("groupId", g.id)));
        Json.send(ctx, 200, new JsonObject().put("header", "Showing " + groups.size() + " of " + matching.size()
                + " matching groups").put("total", matching.size()).put("groups", groups));
    }

    /** {@code GET /rest/api/3/user/groups?accountId=} (required): array of {@code GroupName} ({@code name, groupId, self}). */
    private void userGroups(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        String accountId = ctx.queryParams().get("accountId");
        if (accountId == null || accountId.isBlank()) {
            Errors.send(ctx, ApiFamily.JIRA, 400, "The query parameter 'accountId' is required.");
            return;
        }
        if (!site.org.users.containsKey(accountId)) {
            Errors.send(ctx, ApiFamily.JIRA, 404, "The user with accountId '" + accountId + "' does not exist.");
            return;
        }
        String base = Requests.siteBase(ctx, site.name);
        JsonArray out = new JsonArray();
        site.org.groups.values().stream().filter(g -> g.members.contains(accountId)).forEach(g -> out.add(new JsonObject()
                .put("name", g.name).put("groupId", g.id).put("self", base + "/rest/api/3/group?groupId=" + g.id)));
        Json.send(ctx, 200, out);
    }

    /**
     * {@code GET /rest/api/3/project/search} ({@code PageBeanProject}, offset paging with {@code startAt},
     * {@code maxResults} default 50 and at most 100, {@code nextPage}): the projects the credentials can browse
     * ({@code action=view} is the default filter), with {@code lead} when {@code expand=lead}.
     */
    private void projects(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        int startAt = Requests.intParam(ctx, "startAt", 0, 0, Integer.MAX_VALUE);
        int max = Requests.intParam(ctx, "maxResults", 50, 1, 100);
        boolean lead = Requests.listParam(ctx, "expand").contains("lead");
        String base = Requests.siteBase(ctx, site.name);
        List<JsonObject> all = new ArrayList<>();
        for (SimProject p : site.projects.values()) {
            if (!p.browsable) {
                continue;
            }
            JsonObject o = new JsonObject().put("expand", "description,lead,issueTypes,url,projectKeys,permissions,insight")
                    .put("self", base + "/rest/api/3/project/" + p.id).put("id", String.valueOf(p.id)).put("key", p.key)
                    .put("name", p.name).put("projectTypeKey", "software")
                    .put("simplified", false).put("style", "classic").put("isPrivate", false)
                    .put("properties", new JsonObject());
            SimUser u = site.org.users.get(p.leadAccountId);
            if (lead && u != null) {
                o.put("lead", userJson(base, u.accountId, "atlassian", u.active(), u.name, u.email, u.timeZone));
            }
            all.add(o);
        }
        int end = Math.min(all.size(), startAt + max);
        JsonArray values = new JsonArray();
        all.subList(Math.min(startAt, all.size()), end).forEach(values::add);
        String self = base + "/rest/api/3/project/search";
        JsonObject page = new JsonObject().put("self", self + "?startAt=" + startAt + "&maxResults=" + max);
        if (end < all.size()) {
            page.put("nextPage", self + "?startAt=" + end + "&maxResults=" + max);
        }
        Json.send(ctx, 200, page.put("maxResults", max).put("startAt", startAt).put("total", all.size())
                .put("isLast", end >= all.size()).put("values", values));
    }

    private void permissionSchemes(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        if (!caller.admin()) {
            Errors.send(ctx, ApiFamily.JIRA, 403, "You are not authorized to perform this action. Administrator privileges are required.");
            return;
        }
        boolean expand = Requests.listParam(ctx, "expand").stream().anyMatch(e -> e.equals("permissions") || e.equals("all"));
        String base = Requests.siteBase(ctx, caller.site().name);
        JsonArray schemes = new JsonArray();
        for (SimPermissionScheme s : caller.site().permissionSchemes) {
            JsonObject o = new JsonObject().put("expand", "permissions,user,group,projectRole,field,all")
                    .put("id", s.id).put("self", base + "/rest/api/3/permissionscheme/" + s.id).put("name", s.name)
                    .put("description", s.description);
            if (expand) {
                JsonArray grants = new JsonArray();
                for (SimPermissionGrant g : s.grants) {
                    JsonObject holder = new JsonObject().put("type", g.holderType());
                    if (g.holderValue() != null) {
                        holder.put("parameter", g.holderValue()).put("value", g.holderValue());
                    }
                    grants.add(new JsonObject().put("id", g.id()).put("self", base + "/rest/api/3/permissionscheme/"
                            + s.id + "/permission/" + g.id()).put("holder", holder).put("permission", g.permission()));
                }
                o.put("permissions", grants);
            }
            schemes.add(o);
        }
        Json.send(ctx, 200, new JsonObject().put("permissionSchemes", schemes));
    }

    /**
     * The plugin manager (UPM) listing of one product: Jira's at {@code /rest/plugins/1.0/}, Confluence's at
     * {@code /wiki/rest/plugins/1.0/} (site admin only). UPM is not in Atlassian's published descriptions; the shape
     * follows what integrations read from it on Cloud ({@code plugins[]} with {@code key, name, version, enabled,
     * userInstalled, vendor{name}, links}; Salto's Jira adapter, AtlassianHound) and carries no scopes and no
     * installation time.
     */
    public static void plugins(RoutingContext ctx, String product) {
        Caller caller = Caller.of(ctx);
        ApiFamily family = "jira".equals(product) ? ApiFamily.JIRA : ApiFamily.CONFLUENCE_V1;
        if (!caller.admin()) {
            Errors.send(ctx, family, 403, "Client must be authenticated as a system administrator to access this resource.");
            return;
        }
        String base = Requests.siteBase(ctx, caller.site().name) + ("jira".equals(product) ? "" : "/wiki") + "/rest/plugins/1.0/";
        JsonArray plugins = new JsonArray();
        for (SimApp a : caller.site().apps.values()) {
            if (!product.equals(a.product())) {
                continue;
            }
            plugins.add(new JsonObject().put("enabled", a.enabled()).put("links", new JsonObject()
                    .put("self", base + a.key() + "-key").put("plugin-summary", base + a.key() + "-key/summary")
                    .put("modify", base + a.key() + "-key").put("plugin-icon", base + a.key() + "-key/media/plugin-icon")
                    .put("plugin-logo", base + a.key() + "-key/media/plugin-logo")
                    .put("manage", base + "?fragment=manage/" + a.key()))
                    .put("name", a.name()).put("version", a.version()).put("userInstalled", a.userInstalled())
                    .put("optional", a.userInstalled()).put("static", false).put("unloadable", false)
                    .put("description", a.name() + " by " + a.vendor()).put("key", a.key()).put("usesLicensing", a.userInstalled())
                    .put("remotable", true).put("vendor", new JsonObject().put("name", a.vendor())
                            .put("marketplaceLink", "https://marketplace.atlassian.com/vendors/" + Math.abs(a.vendor().hashCode()))
                            .put("link", a.vendorUrl())));
        }
        Json.send(ctx, 200, new JsonObject().put("plugins", plugins).put("links", new JsonObject()
                .put("self", base).put("alter", base + "{pluginKey}-key")));
    }
}
