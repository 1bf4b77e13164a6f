package dev.canopy.simulator.admin;

import java.util.List;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimApiToken;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** API access: org users' API tokens, org API keys, and the per-user token list of user management. */
public final class ApiAccessApi {
    private final SimState state;

    public ApiAccessApi(SimState state) {
        this.state = state;
    }

    public void mount(Router router) {
        router.get("/admin/api-access/v1/orgs/:orgId/api-tokens").handler(ctx -> list(ctx, true));
        router.get("/admin/api-access/v1/orgs/:orgId/api-keys").handler(ctx -> list(ctx, false));
        router.get("/users/:accountId/manage/api-tokens").handler(this::userTokens);
    }

    private void list(RoutingContext ctx, boolean tokens) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        List<SimApiToken> items = tokens ? org.apiTokens : org.apiKeys;
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Invalid cursor");
            return;
        }
        int limit = Requests.intParam(ctx, "limit", 50, 1, 100);
        int end = Math.min(items.size(), start + limit);
        JsonArray data = new JsonArray();
        for (SimApiToken t : items.subList(Math.min(start, items.size()), end)) {
            SimUser owner = org.users.get(t.ownerId());
            JsonObject user = new JsonObject().put("id", t.ownerId()).put("orgId", org.id)
                    .put("name", owner == null ? null : owner.name).put("email", owner == null ? null : owner.email);
            // Both lists name the credential "label" and carry "scopes"; keys also name their creator and the system
            // account the key acts as (API access reference, api-keys / api-tokens; issue 13's audit of the
            // spec-typed jira.js admin models).
            JsonObject o = new JsonObject().put("id", t.id()).put("label", t.label())
                    .put("status", t.status()).put("createdAt", AdminSupport.iso(t.createdAt()))
                    .put("expiresAt", AdminSupport.iso(t.expiresAt())).put("lastActiveAt", AdminSupport.iso(t.lastActiveAt()))
                    .put("scopes", new JsonArray(t.scopes()));
            data.add(tokens ? o.put("user", user) : o.put("createdBy", new JsonObject().put("id", t.ownerId())
                    .put("name", user.getString("name")).put("email", user.getString("email")))
                    .put("systemAccountId", "system-" + t.id().substring(0, 8)));
        }
        String base = Requests.origin(ctx) + ctx.request().path();
        JsonObject links = new JsonObject().put("self", base);
        if (end < items.size()) {
            links.put("next", Cursors.offset(end));
        }
        if (start > 0) {
            links.put("prev", Cursors.offset(Math.max(0, start - limit)));
        }
        Json.send(ctx, 200, new JsonObject().put("data", data).put("links", links));
    }

    private void userTokens(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        SimOrg org = caller.org();
        String accountId = ctx.pathParam("accountId");
        if (!caller.admin()) {
            Errors.send(ctx, ApiFamily.ADMIN, 403, "The API key does not have the required admin scopes");
            return;
        }
        if (!org.users.containsKey(accountId)) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "User not found or not managed by this organization");
            return;
        }
        JsonArray out = new JsonArray();
        org.apiTokens.stream().filter(t -> t.ownerId().equals(accountId)).forEach(t -> out.add(new JsonObject()
                .put("id", t.id()).put("label", t.label()).put("createdAt", AdminSupport.iso(t.createdAt()))
                .put("lastAccess", AdminSupport.iso(t.lastActiveAt())).put("expiry", AdminSupport.iso(t.expiresAt()))));
        Json.send(ctx, 200, out);
    }
}
