package dev.canopy.simulator.teams;

import java.util.List;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimTeam;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Teams public API on the site gateway: team list ({@code cursor} in the body, null at the end) and team members
 * (relay style {@code pageInfo}).
 */
public final class TeamsApi {
    private static final String BASE = "/site/:site/gateway/api/public/teams/v1/org/:orgId/teams";

    public void mount(Router router) {
        router.get(BASE).handler(this::teams);
        router.get(BASE + "/:teamId").handler(this::team);
        router.post(BASE + "/:teamId/members").handler(this::members);
    }

    private static SimOrg org(RoutingContext ctx) {
        SimOrg org = Caller.of(ctx).site().org;
        if (!org.id.equals(ctx.pathParam("orgId"))) {
            Errors.send(ctx, ApiFamily.TEAMS, 404, "Organization not found");
            return null;
        }
        return org;
    }

    private void teams(RoutingContext ctx) {
        SimOrg org = org(ctx);
        if (org == null) {
            return;
        }
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.TEAMS, 400, "Invalid cursor");
            return;
        }
        int size = Requests.intParam(ctx, "size", 50, 1, 300);
        String siteId = ctx.queryParams().get("siteId");
        List<SimTeam> teams = org.teams.values().stream().filter(t -> visible(t, siteId)).toList();
        int end = Math.min(teams.size(), start + size);
        JsonArray entities = new JsonArray();
        teams.subList(Math.min(start, teams.size()), end).forEach(t -> entities.add(teamJson(org, t)));
        Json.send(ctx, 200, new JsonObject().put("cursor", end < teams.size() ? Cursors.offset(end) : null)
                .put("entities", entities));
    }

    /** The team of the path, or null after answering 404. */
    private static SimTeam team(RoutingContext ctx, SimOrg org) {
        SimTeam t = org == null ? null : org.teams.get(ctx.pathParam("teamId"));
        if (t != null && !visible(t, ctx.queryParams().get("siteId"))) {
            t = null;
        }
        if (org != null && t == null) {
            Errors.send(ctx, ApiFamily.TEAMS, 404, "Team not found");
        }
        return t;
    }

    private void team(RoutingContext ctx) {
        SimOrg org = org(ctx);
        SimTeam t = team(ctx, org);
        if (t != null) {
            Json.send(ctx, 200, teamJson(org, t));
        }
    }

    private void members(RoutingContext ctx) {
        SimTeam t = team(ctx, org(ctx));
        if (t == null) {
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            Errors.send(ctx, ApiFamily.TEAMS, 400, "Request body is not valid JSON");
            return;
        }
        int first = Math.max(1, Math.min(100, body.getInteger("first", 50)));
        int start = Math.max(0, Cursors.offset(body.getString("after")));
        int end = Math.min(t.members.size(), start + first);
        JsonArray results = new JsonArray();
        t.members.subList(Math.min(start, t.members.size()), end).forEach(a -> results.add(new JsonObject().put("accountId", a)));
        Json.send(ctx, 200, new JsonObject().put("pageInfo", new JsonObject()
                .put("endCursor", end > start ? Cursors.offset(end) : null).put("hasNextPage", end < t.members.size()))
                .put("results", results));
    }

    /** Org-wide teams always; a site-scoped team only when the request names its site. */
    private static boolean visible(SimTeam t, String siteId) {
        return t.siteCloudId == null || t.siteCloudId.equals(siteId);
    }

    private static JsonObject teamJson(SimOrg org, SimTeam t) {
        return new JsonObject().put("teamId", t.teamId).put("displayName", t.displayName).put("description", t.description)
                .put("organizationId", org.id).put("creatorId", t.creatorId).put("state", t.state)
                .put("teamType", t.teamType).put("externalReference", null);
    }
}
