package dev.canopy.simulator.http;

import dev.canopy.simulator.model.SimState;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a site also be addressed by Host header like the real thing: {@code Host: acme-1.atlassian.net} (or
 * {@code acme-1.localhost:PORT}) is served as if the path had the {@code /site/acme-1} prefix.
 */
public final class HostRouting {
    static final String ROUTED_BY_HOST = "sim.routedByHost";
    private final SimState state;

    public HostRouting(SimState state) {
        this.state = state;
    }

    public void handle(RoutingContext ctx) {
        String host = Requests.hostAndPort(ctx);
        String path = ctx.request().path();
        if (host != null && host.indexOf('.') > 0 && ctx.get(ROUTED_BY_HOST) == null && !path.startsWith("/site/")
                && !path.startsWith("/_sim/") && !path.startsWith("/admin/")) {
            String name = host.substring(0, host.indexOf('.'));
            if (state.site(name) != null) {
                ctx.put(ROUTED_BY_HOST, Boolean.TRUE);
                String query = ctx.request().query();
                ctx.reroute("/site/" + name + path + (query == null ? "" : "?" + query));
                return;
            }
        }
        ctx.next();
    }
}
