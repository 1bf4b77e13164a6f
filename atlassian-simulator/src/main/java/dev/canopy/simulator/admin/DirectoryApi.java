package dev.canopy.simulator.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Directory users and groups: v1 managed accounts ({@code links.next} = URL) and v2 list/search ({@code links.next} =
 * cursor string, {@code limit} default 20, max 100). {@code directoryId} may be {@code -} (all directories).
 */
public final class DirectoryApi {
    private final SimState state;

    public DirectoryApi(SimState state) {
        this.state = state;
    }

    public void mount(Router router) {
        router.get("/admin/v1/orgs/:orgId/users").handler(this::managedAccounts);
        router.get("/admin/v2/orgs/:orgId/directories/:directoryId/users").handler(ctx -> users(ctx, queryAsBody(ctx)));
        router.post("/admin/v2/orgs/:orgId/directories/:directoryId/users/search").handler(ctx -> users(ctx, body(ctx)));
        router.get("/admin/v2/orgs/:orgId/directories/:directoryId/users/:accountId").handler(this::user);
        router.get("/admin/v2/orgs/:orgId/directories/:directoryId/groups").handler(ctx -> groups(ctx, queryAsBody(ctx)));
        router.post("/admin/v2/orgs/:orgId/directories/:directoryId/groups/search").handler(ctx -> groups(ctx, body(ctx)));
        router.get("/admin/v2/orgs/:orgId/directories/:directoryId/groups/:groupId").handler(this::group);
    }

    private void managedAccounts(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Invalid cursor");
            return;
        }
        // managed accounts only: unmanaged and external users never appear here (see SimUser.claimStatus)
        List<SimUser> users = org.users().stream().filter(SimUser::managed).toList();
        int end = Math.min(users.size(), start + 100);
        JsonArray data = new JsonArray();
        for (SimUser u : users.subList(Math.min(start, users.size()), end)) {
            JsonArray access = new JsonArray();
            if (u.active()) {
                org.sites.values().forEach(s -> access.add(new JsonObject().put("key", "jira-software")
                        .put("name", "Jira").put("url", s.name + ".atlassian.net")
                        .put("last_active", AdminSupport.iso(u.lastActive))));
            }
            data.add(new JsonObject().put("account_id", u.accountId).put("account_type", u.accountType)
                    .put("account_status", u.accountStatus).put("name", u.name).put("picture", avatar(u))
                    .put("email", u.email).put("access_billable", u.active()).put("last_active", AdminSupport.iso(u.lastActive))
                    .put("product_access", access)
                    .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/users/" + u.accountId + "/manage/profile")));
        }
        String base = Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + "/users";
        JsonObject links = new JsonObject().put("self", base + (start == 0 ? "" : "?cursor=" + Cursors.offset(start)));
        if (start > 0) {
            links.put("prev", base + "?cursor=" + Cursors.offset(Math.max(0, start - 100)));
        }
        if (end < users.size()) {
            links.put("next", base + "?cursor=" + Cursors.offset(end));
        }
        Json.send(ctx, 200, new JsonObject().put("data", data).put("meta", new JsonObject().put("total", users.size()))
                .put("links", links));
    }

    private void users(RoutingContext ctx, JsonObject query) {
        SimOrg org = orgAndDirectory(ctx);
        if (org == null || query == null) {
            return;
        }
        JsonObject q = effectiveQuery(query);
        if (q.getValue("searchTerm") != null && q.getValue("emails") != null) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "searchTerm and emails cannot be used together");
            return;
        }
        List<String> accountIds = strings(q, "accountIds");
        List<String> groupIds = strings(q, "groupIds");
        List<String> status = strings(q, "status");
        List<String> accountStatus = strings(q, "accountStatus");
        List<String> emails = strings(q, "emails");
        List<String> domains = strings(q, "emailDomains");
        String term = q.getString("searchTerm");
        Boolean mfa = q.getValue("mfaEnabled") == null ? null : Boolean.valueOf(String.valueOf(q.getValue("mfaEnabled")));
        List<String> expand = strings(q, "expand");
        Predicate<SimUser> filter = u -> (accountIds.isEmpty() || accountIds.contains(u.accountId))
                && (groupIds.isEmpty() || groupIds.stream().anyMatch(g -> org.groups.containsKey(g) && org.groups.get(g).members.contains(u.accountId)))
                && (status.isEmpty() || status.contains(u.status))
                && (accountStatus.isEmpty() || accountStatus.contains(u.accountStatus))
                && (emails.isEmpty() || emails.stream().anyMatch(e -> e.equalsIgnoreCase(u.email)))
                && (domains.isEmpty() || domains.stream().anyMatch(d -> u.email.toLowerCase(Locale.ROOT).endsWith("@" + d.toLowerCase(Locale.ROOT))))
                && (term == null || u.name.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))
                        || u.email.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT)))
                && (mfa == null || mfa == u.mfaEnabled);
        List<SimUser> matching = org.users.values().stream().filter(filter).toList();
        page(ctx, q, matching, u -> userJson(ctx, org, u, expand));
    }

    private void user(RoutingContext ctx) {
        SimOrg org = orgAndDirectory(ctx);
        if (org == null) {
            return;
        }
        SimUser u = org.users.get(ctx.pathParam("accountId"));
        if (u == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "User not found");
            return;
        }
        Json.send(ctx, 200, new JsonObject().put("data", userJson(ctx, org, u, Requests.listParam(ctx, "expand"))));
    }

    private void groups(RoutingContext ctx, JsonObject query) {
        SimOrg org = orgAndDirectory(ctx);
        if (org == null || query == null) {
            return;
        }
        JsonObject q = effectiveQuery(query);
        List<String> groupIds = strings(q, "groupIds");
        List<String> names = strings(q, "groupNames");
        List<String> accountIds = strings(q, "accountIds");
        String term = q.getString("searchTerm");
        List<SimGroup> matching = org.groups.values().stream()
                .filter(g -> (groupIds.isEmpty() || groupIds.contains(g.id)) && (names.isEmpty() || names.contains(g.name))
                        && (accountIds.isEmpty() || accountIds.stream().anyMatch(g.members::contains))
                        && (term == null || g.name.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))))
                .toList();
        page(ctx, q, matching, g -> groupJson(ctx, org, g));
    }

    private void group(RoutingContext ctx) {
        SimOrg org = orgAndDirectory(ctx);
        if (org == null) {
            return;
        }
        SimGroup g = org.groups.get(ctx.pathParam("groupId"));
        if (g == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "Group not found");
            return;
        }
        Json.send(ctx, 200, new JsonObject().put("data", groupJson(ctx, org, g)));
    }

    /** With a cursor, the filters come from the cursor and every other parameter is ignored. */
    private static JsonObject effectiveQuery(JsonObject q) {
        String carried = Cursors.query(q.getString("cursor"));
        if (carried == null) {
            return q;
        }
        return new JsonObject(carried).put("cursor", q.getString("cursor"));
    }

    private static String filtersOf(JsonObject q) {
        JsonObject f = q.copy();
        f.remove("cursor");
        return f.encode();
    }

    private <T> void page(RoutingContext ctx, JsonObject q, List<T> items, java.util.function.Function<T, JsonObject> json) {
        String filters = filtersOf(q);
        int start = Cursors.offset(q.getString("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Invalid cursor");
            return;
        }
        int limit = Math.max(1, Math.min(100, Integer.parseInt(String.valueOf(q.getValue("limit", 20)))));
        int end = Math.min(items.size(), start + limit);
        JsonArray data = new JsonArray();
        items.subList(Math.min(start, items.size()), end).forEach(i -> data.add(json.apply(i)));
        JsonObject links = new JsonObject().put("self", Cursors.offset(start, filters));
        if (start > 0) {
            links.put("prev", Cursors.offset(Math.max(0, start - limit), filters));
        }
        if (end < items.size()) {
            links.put("next", Cursors.offset(end, filters));
        }
        Json.send(ctx, 200, new JsonObject().put("data", data).put("links", links));
    }

    private SimOrg orgAndDirectory(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return null;
        }
        String dir = ctx.pathParam("directoryId");
        if (!"-".equals(dir) && !org.directoryId.equals(dir)) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "Directory not found");
            return null;
        }
        return org;
    }

    private static JsonObject userJson(RoutingContext ctx, SimOrg org, SimUser u, List<String> expand) {
        JsonObject o = new JsonObject().put("accountId", u.accountId).put("accountType", u.accountType)
                .put("status", u.status).put("accountStatus", u.accountStatus)
                .put("membershipStatus", u.active() ? "active" : "suspended").put("addedToOrg", u.addedToOrg.toString())
                .put("name", u.name).put("nickname", u.name.split(" ")[0]).put("email", u.email).put("emailVerified", true)
                .put("claimStatus", u.claimStatus).put("platformRoles", new JsonArray(new ArrayList<>(u.platformRoles)))
                .put("picture", avatar(u)).put("avatar", avatar(u)).put("managementSource", "invited")
                .put("mfaEnabled", u.managed() ? u.mfaEnabled : null).put("jobTitle", u.jobTitle).put("department", u.department)
                .put("organization", org.name).put("location", null).put("timeZone", u.timeZone)
                .put("counts", new JsonObject().put("resources", org.sites.size() * 2))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v2/orgs/" + org.id
                        + "/directories/" + org.directoryId + "/users/" + u.accountId));
        if (!u.active()) {
            o.put("deactivatedOn", u.lastActive.toString());
        }
        if (expand.contains("groups")) {
            JsonArray groups = new JsonArray();
            org.groups.values().stream().filter(g -> g.members.contains(u.accountId))
                    .forEach(g -> groups.add(new JsonObject().put("id", g.id).put("name", g.name)));
            o.put("groups", groups);
        }
        if (expand.contains("productAccess")) {
            // per product and site: {key, id, lastActiveTimestamp} (jira.js MultiDirectoryProductAccess, generated from
            // the admin spec: "The user's last active timestamp for each product in the given directory")
            JsonArray access = new JsonArray();
            if (u.lastActive != null) {
                String when = AdminSupport.iso(u.lastActive);
                org.sites.values().forEach(s -> access.add(new JsonObject().put("key", "jira")
                        .put("id", "ari:cloud:jira::site/" + s.cloudId).put("lastActiveTimestamp", when))
                        .add(new JsonObject().put("key", "confluence").put("id", "ari:cloud:confluence::site/" + s.cloudId)
                                .put("lastActiveTimestamp", when)));
            }
            o.put("productAccess", access);
        }
        return o;
    }

    private static JsonObject groupJson(RoutingContext ctx, SimOrg org, SimGroup g) {
        return new JsonObject().put("id", g.id).put("name", g.name).put("description", g.description)
                .put("directoryId", org.directoryId).put("managementAccess", "full").put("externalSynced", false)
                .put("managedBy", "admins").put("counts", new JsonObject().put("users", g.members.size())
                        .put("resources", org.sites.size()))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v2/orgs/" + org.id
                        + "/directories/" + org.directoryId + "/groups/" + g.id));
    }

    static String avatar(SimUser u) {
        String[] parts = u.name.split(" ");
        return "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/"
                + parts[0].charAt(0) + parts[parts.length - 1].charAt(0) + "-5.png";
    }

    /** GET list endpoints take the same filters as query parameters. */
    private static JsonObject queryAsBody(RoutingContext ctx) {
        JsonObject q = new JsonObject();
        for (String name : ctx.queryParams().names()) {
            List<String> values = Requests.listParam(ctx, name);
            if (List.of("cursor", "limit", "searchTerm", "mfaEnabled").contains(name)) {
                q.put(name, ctx.queryParams().get(name));
            } else {
                q.put(name, new JsonArray(new ArrayList<Object>(values)));
            }
        }
        return q;
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject b = ctx.body().asJsonObject();
            return b == null ? new JsonObject() : b;
        } catch (RuntimeException e) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Request body is not valid JSON");
            return null;
        }
    }

    static List<String> strings(JsonObject q, String key) {
        Object v = q.getValue(key);
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            for (String s : String.valueOf(v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
