package dev.canopy.simulator.http;

import java.util.ArrayList;
import java.util.List;

import io.vertx.ext.web.RoutingContext;

/** Query-parameter helpers and URL building shared by the API classes. */
public final class Requests {
    private Requests() {
    }

    public static int intParam(RoutingContext ctx, String name, int def, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** All values of a parameter, comma-separated or repeated. */
    public static List<String> listParam(RoutingContext ctx, String name) {
        List<String> out = new ArrayList<>();
        for (String v : ctx.queryParams().getAll(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** {@code http://host:port} as the client addressed us (keeps Host-header routing intact). */
    public static String origin(RoutingContext ctx) {
        return (ctx.request().isSSL() ? "https://" : "http://") + hostAndPort(ctx);
    }

    /** Host (and port) the client used: the Host header for HTTP/1.1, {@code :authority} for HTTP/2. */
    public static String hostAndPort(RoutingContext ctx) {
        io.vertx.core.net.HostAndPort a = ctx.request().authority();
        if (a == null) {
            return "localhost";
        }
        return a.port() > 0 ? a.host() + ":" + a.port() : a.host();
    }

    /** The site base URL as the connector sees it: {@code http://host/site/{name}} (or the bare host when routed by Host). */
    public static String siteBase(RoutingContext ctx, String site) {
        Boolean byHost = ctx.get(HostRouting.ROUTED_BY_HOST);
        return origin(ctx) + (Boolean.TRUE.equals(byHost) ? "" : "/site/" + site);
    }

    /** The path prefix of site URLs in relative links ({@code /site/{name}} or empty when routed by Host). */
    public static String sitePrefix(RoutingContext ctx, String site) {
        Boolean byHost = ctx.get(HostRouting.ROUTED_BY_HOST);
        return Boolean.TRUE.equals(byHost) ? "" : "/site/" + site;
    }
}
