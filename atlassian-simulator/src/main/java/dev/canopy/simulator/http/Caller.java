package dev.canopy.simulator.http;

import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import io.vertx.ext.web.RoutingContext;

/** Who is calling: the org (admin key) or site (Basic credential), and whether the credential has admin rights. */
public record Caller(SimOrg org, SimSite site, String credential, boolean admin, ApiFamily family) {
    static final String KEY = "sim.caller";

    public static Caller of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
