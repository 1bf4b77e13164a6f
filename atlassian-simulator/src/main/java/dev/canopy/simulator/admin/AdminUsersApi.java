package dev.canopy.simulator.admin;

import java.util.List;

import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /admin/v1/orgs/{orgId}/users}: managed accounts, cursor paging with {@code links.next} URLs. */
public final class AdminUsersApi {
    private static final int PAGE_SIZE = 100;
    private final SimState state;

    public AdminUsersApi(SimState state) {
        this.state = state;
    }

    public void mount(Router router) {
        router.get("/admin/v1/orgs/:orgId/users").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        SimOrg org = state.org(ctx.pathParam("orgId"));
        if (org == null) {
            Errors.admin(ctx, 404, "NOT_FOUND", "Not Found", "Organization not found");
            return;
        }
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.equals("Bearer " + org.apiKey())) {
            Errors.admin(ctx, 401, "UNAUTHORIZED", "Unauthorized", "Invalid API key");
            return;
        }
        int start = parseCursor(ctx.queryParams().get("cursor"));
        List<SimUser> users = org.users();
        int end = Math.min(users.size(), start + PAGE_SIZE);
        JsonArray data = new JsonArray();
        for (SimUser u : users.subList(Math.min(start, users.size()), end)) {
            data.add(new JsonObject().put("account_id", u.accountId()).put("account_type", u.accountType())
                    .put("account_status", u.accountStatus()).put("name", u.name()).put("email", u.email())
                    .put("last_active", u.lastActive().toString()).put("access_billable", true)
                    .put("product_access", new JsonArray())
                    .put("links", new JsonObject().put("self", "/users/" + u.accountId() + "/manage/profile")));
        }
        String base = "/admin/v1/orgs/" + org.id() + "/users";
        JsonObject links = new JsonObject().put("self", base + (start == 0 ? "" : "?cursor=" + start));
        if (end < users.size()) {
            links.put("next", base + "?cursor=" + end);
        }
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("data", data).put("meta", new JsonObject().put("total", users.size()))
                        .put("links", links).encode());
    }

    private static int parseCursor(String cursor) {
        try {
            return cursor == null ? 0 : Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
