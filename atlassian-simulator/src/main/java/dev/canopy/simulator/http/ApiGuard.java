package dev.canopy.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every API handler: authenticates (401), takes a rate-limit token (429 + headers on every response),
 * then applies injected faults (latency, 5xx, connection reset; JSON corruption happens in {@link Json}).
 */
public final class ApiGuard {
    private final SimState state;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;

    public ApiGuard(SimState state, RateLimiter rateLimiter, FaultInjector faults) {
        this.state = state;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
    }

    /** Admin APIs: {@code Authorization: Bearer <org API key>}. */
    public void admin(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        SimOrg org = auth != null && auth.startsWith("Bearer ") ? state.orgByApiKey(auth.substring(7).trim()) : null;
        if (org == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 401, "Unauthorized");
            return;
        }
        String key = auth.substring(7).trim();
        proceed(ctx, new Caller(org, null, key, org.apiKey.equals(key), ApiFamily.ADMIN));
    }

    /** Site APIs under {@code /site/{site}}: Basic {@code email:api_token} of the site admin or the plain member. */
    public void site(RoutingContext ctx) {
        SimSite site = state.site(ctx.pathParam("site"));
        String rest = ctx.request().path().substring(("/site/" + ctx.pathParam("site")).length());
        ApiFamily family = ApiFamily.ofSitePath(rest);
        if (site == null) {
            Errors.send(ctx, family, 404, "Site not found");
            return;
        }
        String[] cred = basic(ctx.request().getHeader("Authorization"));
        boolean admin = cred != null && cred[0].equalsIgnoreCase(site.adminEmail) && cred[1].equals(site.adminToken);
        boolean member = cred != null && cred[0].equalsIgnoreCase(site.userEmail) && cred[1].equals(site.userToken);
        if (!admin && !member) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"protected-area\"");
            Errors.send(ctx, family, 401, family == ApiFamily.JIRA
                    ? "Client must be authenticated to access this resource." : "Unauthorized; the credentials are invalid");
            return;
        }
        String product = rest.startsWith("/_edge/") ? null : switch (family) {
            case CONFLUENCE_V1, CONFLUENCE_V2 -> "confluence";
            case JIRA -> "jira";
            default -> null;
        };
        if (product != null && !site.products.contains(product)) {
            // a product the site is not licensed for: its APIs are not there
            Errors.send(ctx, family, 404, "No " + product + " on this site");
            return;
        }
        proceed(ctx, new Caller(site.org, site, cred[0] + ":" + site.name, admin, family));
    }

    private void proceed(RoutingContext ctx, Caller caller) {
        state.requests.record(ctx, caller.family());
        ctx.put(Caller.KEY, caller);
        RateLimiter.Verdict v = rateLimiter.take(caller.credential(), caller.family());
        var headers = ctx.response().headers();
        headers.set("X-RateLimit-Limit", String.valueOf(v.limit()));
        headers.set("X-RateLimit-Remaining", String.valueOf(v.remaining()));
        headers.set("X-RateLimit-Reset", v.reset());
        if (!v.allowed()) {
            headers.set("Retry-After", String.valueOf(v.retryAfterSeconds()));
            headers.set("RateLimit-Reason", caller.family().rateLimitReason);
            Errors.send(ctx, caller.family(), 429, "Rate limit exceeded");
            return;
        }
        FaultDecision fault = faults.decide();
        ctx.put(FaultDecision.KEY, fault);
        if (fault.latencyMs() > 0) {
            ctx.vertx().setTimer(fault.latencyMs(), id -> applyFault(ctx, caller, fault));
        } else {
            applyFault(ctx, caller, fault);
        }
    }

    private static void applyFault(RoutingContext ctx, Caller caller, FaultDecision fault) {
        if (fault.reset()) {
            ctx.request().connection().close();
            return;
        }
        if (fault.serverError() != 0) {
            if (fault.serverError() == 503) {
                ctx.response().putHeader("Retry-After", "1");
            }
            Errors.send(ctx, caller.family(), fault.serverError(), Errors.title(fault.serverError()));
            return;
        }
        ctx.next();
    }

    static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
