package dev.canopy.simulator.admin;

import java.time.Instant;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import io.vertx.ext.web.RoutingContext;

/** Resolves the {@code orgId} path parameter against the caller's key: 404 unknown, 403 other org or no admin scope. */
final class AdminSupport {
    private AdminSupport() {
    }

    static SimOrg org(RoutingContext ctx, SimState state) {
        Caller caller = Caller.of(ctx);
        if (!caller.admin()) {
            Errors.send(ctx, ApiFamily.ADMIN, 403, "The API key does not have the required admin scopes");
            return null;
        }
        SimOrg org = state.org(ctx.pathParam("orgId"));
        if (org == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "Organization not found");
            return null;
        }
        if (org != caller.org()) {
            Errors.send(ctx, ApiFamily.ADMIN, 403, "The API key is not authorized for this organization");
            return null;
        }
        return org;
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
