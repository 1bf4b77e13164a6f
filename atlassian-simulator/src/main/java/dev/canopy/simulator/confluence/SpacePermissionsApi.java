package dev.canopy.simulator.confluence;

import java.util.ArrayList;
import java.util.List;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Confluence REST v2 space permissions and space roles, shapes from the official v2 description:
 * {@code GET /spaces/{id}/permissions} ({@code SpacePermissionAssignment}: principal type user, group or role; no
 * anonymous flag), {@code GET /space-roles} ({@code SpaceRole}) and {@code GET /spaces/{id}/role-assignments}
 * ({@code SpaceRoleAssignment}; principal types {@code USER}, {@code GROUP}, {@code ACCESS_CLASS}, where the access
 * classes named by the description are {@code anonymous-users}, {@code jsm-project-admins}, {@code authenticated-users},
 * {@code all-licensed-users} and {@code all-product-admins}). The two role endpoints are marked experimental (EAP) in
 * the description; a site with {@link SimSite#spaceRolesAvailable} off answers them 404, as a site outside the EAP may.
 * All three page with an opaque {@code cursor}, {@code limit} 1-250 (default 25), {@code _links.next} and a
 * {@code Link} header.
 */
public final class SpacePermissionsApi {
    private static final String V2 = "/site/:site/wiki/api/v2";
    /** Access class ids listed in the description of the {@code principal-id} parameter. */
    static final List<String> ACCESS_CLASSES = List.of("anonymous-users", "jsm-project-admins", "authenticated-users",
            "all-licensed-users", "all-product-admins");

    /**
     * The simulated system roles. The description types {@code spacePermissions} as strings without naming their
     * format; the simulator uses the {@code key:targetType} pairs of the {@code SpacePermissionAssignment} operation.
     */
    record Role(String id, String displayName, String description, List<String> spacePermissions) {
    }

    static final Role VIEWER = new Role("9d4b5b7b-4c8b-4c3e-9f5e-1f2a3b4c5d01", "Viewer", "View the space and its content",
            List.of("read:space", "read:page", "read:blogpost", "read:comment", "read:attachment"));
    static final Role COLLABORATOR = new Role("9d4b5b7b-4c8b-4c3e-9f5e-1f2a3b4c5d02", "Collaborator",
            "Create and edit content", List.of("read:space", "create:page", "create:blogpost", "create:comment",
                    "create:attachment", "delete:comment"));
    static final Role MANAGER = new Role("9d4b5b7b-4c8b-4c3e-9f5e-1f2a3b4c5d03", "Manager", "Administer the space",
            List.of("read:space", "create:page", "create:blogpost", "delete:page", "administer:space", "export:space"));
    static final List<Role> ROLES = List.of(VIEWER, COLLABORATOR, MANAGER);

    public void mount(Router router) {
        router.get(V2 + "/spaces/:id/permissions").handler(this::permissions);
        router.get(V2 + "/spaces/:id/role-assignments").handler(this::roleAssignments);
        router.get(V2 + "/space-roles").handler(this::roles);
    }

    private static SimSpace space(RoutingContext ctx, SimSite site) {
        SimSpace s = site.spaces.get(ConfluenceV2Api.parseId(ctx.pathParam("id")));
        if (s == null) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, "Space not found");
        }
        return s;
    }

    /** {@code GET /spaces/{id}/permissions}: the space's user and group grants (anonymous ones are not listed here). */
    private void permissions(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        SimSpace s = space(ctx, site);
        if (s == null) {
            return;
        }
        List<JsonObject> all = new ArrayList<>();
        long id = s.id * 100;
        SimGroup admins = site.org.groups.get(s.adminGroupId);
        for (String op : List.of("read:space", "create:page", "create:blogpost", "delete:page", "administer:space")) {
            all.add(assignment(id++, "group", admins.id, op));
        }
        SimGroup users = confluenceUsers(site);
        if (users != null) {
            for (String op : List.of("read:space", "create:page", "create:blogpost", "create:comment")) {
                all.add(assignment(id++, "group", users.id, op));
            }
        }
        all.add(assignment(id, "user", s.authorId, "administer:space"));
        page(ctx, site, all);
    }

    private static JsonObject assignment(long id, String type, String principalId, String operation) {
        String[] op = operation.split(":");
        return new JsonObject().put("id", String.valueOf(id))
                .put("principal", new JsonObject().put("type", type).put("id", principalId))
                .put("operation", new JsonObject().put("key", op[0]).put("targetType", op[1]));
    }

    private static SimGroup confluenceUsers(SimSite site) {
        return site.org.groups.values().stream().filter(g -> g.name.equals("confluence-users")).findFirst().orElse(null);
    }

    /** {@code GET /spaces/{id}/role-assignments}: filters {@code role-id}, {@code principal-type} + {@code principal-id}. */
    private void roleAssignments(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        if (!site.spaceRolesAvailable) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, "Space roles are not available on this site");
            return;
        }
        SimSpace s = space(ctx, site);
        if (s == null || !principalFilterValid(ctx)) {
            return;
        }
        List<JsonObject> all = new ArrayList<>();
        SimGroup admins = site.org.groups.get(s.adminGroupId);
        all.add(roleAssignment("GROUP", admins.id, MANAGER));
        SimGroup users = confluenceUsers(site);
        if (users != null) {
            all.add(roleAssignment("GROUP", users.id, COLLABORATOR));
        }
        all.add(roleAssignment("USER", s.authorId, MANAGER));
        if (s.anonymousRead) {
            all.add(roleAssignment("ACCESS_CLASS", "anonymous-users", VIEWER));
        }
        if (s.unlicensedRead) {
            all.add(roleAssignment("ACCESS_CLASS", "authenticated-users", VIEWER));
        }
        String roleId = ctx.queryParams().get("role-id");
        String type = ctx.queryParams().get("principal-type");
        String principal = ctx.queryParams().get("principal-id");
        page(ctx, site, all.stream().filter(a -> roleId == null || roleId.equals(a.getString("roleId")))
                .filter(a -> type == null || (type.equals(a.getJsonObject("principal").getString("principalType"))
                        && principal.equals(a.getJsonObject("principal").getString("principalId"))))
                .toList());
    }

    private static JsonObject roleAssignment(String type, String id, Role role) {
        return new JsonObject().put("principal", new JsonObject().put("principalType", type).put("principalId", id))
                .put("roleId", role.id());
    }

    /**
     * "If specified, a principal-type must also be specified" (and the reverse); the type is one of the
     * {@code PrincipalType} enum. Answers 400 and false otherwise.
     */
    private static boolean principalFilterValid(RoutingContext ctx) {
        String type = ctx.queryParams().get("principal-type");
        String id = ctx.queryParams().get("principal-id");
        if ((type == null) != (id == null)) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "principal-type and principal-id must be given together");
            return false;
        }
        if (type != null && !List.of("USER", "GROUP", "ACCESS_CLASS").contains(type)) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid principal-type value");
            return false;
        }
        return true;
    }

    /** {@code GET /space-roles}: filters {@code space-id}, {@code role-type}, {@code principal-type} + {@code principal-id}. */
    private void roles(RoutingContext ctx) {
        SimSite site = Caller.of(ctx).site();
        if (!site.spaceRolesAvailable) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 404, "Space roles are not available on this site");
            return;
        }
        if (!principalFilterValid(ctx)) {
            return;
        }
        String roleType = ctx.queryParams().get("role-type");
        List<JsonObject> all = ROLES.stream().filter(r -> roleType == null || roleType.equals("SYSTEM"))
                .map(r -> new JsonObject().put("id", r.id()).put("type", "SYSTEM").put("displayName", r.displayName())
                        .put("description", r.description())
                        .put("spacePermissions", new JsonArray(new ArrayList<Object>(r.spacePermissions()))))
                .toList();
        page(ctx, site, all);
    }

    private static void page(RoutingContext ctx, SimSite site, List<JsonObject> all) {
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.CONFLUENCE_V2, 400, "Invalid cursor");
            return;
        }
        int limit = Requests.intParam(ctx, "limit", 25, 1, 250);
        int end = Math.min(all.size(), start + limit);
        JsonArray results = new JsonArray();
        all.subList(Math.min(start, all.size()), end).forEach(results::add);
        ConfluenceV2Api.sendList(ctx, site, results, end < all.size() ? Cursors.offset(end) : null);
    }
}
