package dev.canopy.simulator.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.SimulatorConfig.RateLimit;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimApp;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPolicy;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The simulator's own API under {@code /_sim/} (no auth, never rate-limited or faulted). Delegates to {@link SimControl}. */
public final class ControlApi {
    private final SimState state;
    private final SimControl control;

    public ControlApi(SimState state, SimControl control) {
        this.state = state;
        this.control = control;
    }

    public void mount(Router router) {
        router.get("/_sim/orgs").handler(guarded(ctx -> send(ctx, 200, orgs(ctx))));
        router.get("/_sim/ground-truth").handler(guarded(ctx -> send(ctx, 200,
                control.groundTruth(required(ctx.queryParams().get("orgId"), "orgId")).toJson())));
        router.get("/_sim/faults").handler(ctx -> send(ctx, 200, faults()));
        // not an Atlassian API: the distinct requests served, for checks against the official descriptions
        router.get("/_sim/requests").handler(ctx -> {
            io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
            state.requests.entries().forEach(e -> out.add(new JsonObject().put("method", e.method())
                    .put("family", e.family()).put("path", e.path())
                    .put("params", new io.vertx.core.json.JsonArray(new ArrayList<Object>(e.params())))));
            send(ctx, 200, new JsonObject().put("requests", out).put("truncated", state.requests.truncated()));
        });
        // not an Atlassian API: lets tests prove that site credentials never reach the media origin
        router.get("/_sim/media").handler(ctx -> send(ctx, 200, new JsonObject()
                .put("downloads", state.mediaDownloads.get())
                .put("authorizationHeaders", state.mediaAuthorizationHeaders.get())));
        router.put("/_sim/faults").handler(guarded(ctx -> {
            Map<String, String> m = new HashMap<>();
            body(ctx).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
            control.setFaults(SimulatorConfig.faultsFrom(m, control.faults()));
            send(ctx, 200, faults());
        }));
        router.get("/_sim/rate-limit").handler(ctx -> send(ctx, 200, JsonObject.mapFrom(control.rateLimit())));
        router.put("/_sim/rate-limit").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            RateLimit l = control.rateLimit();
            control.setRateLimit(new RateLimit(b.getDouble("perSecond", l.perSecond()), b.getInteger("burst", l.burst()),
                    b.getInteger("retryAfterSeconds", l.retryAfterSeconds())));
            send(ctx, 200, JsonObject.mapFrom(control.rateLimit()));
        }));
        router.post("/_sim/sites/:site/pages").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            SimContent c = control.createPage(ctx.pathParam("site"), b.getLong("spaceId"),
                    required(b.getString("title"), "title"), b.getString("body"));
            send(ctx, 201, content(c));
        }));
        router.put("/_sim/sites/:site/content/:id").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            send(ctx, 200, content(control.editContent(ctx.pathParam("site"), id(ctx), b.getString("title"), b.getString("body"))));
        }));
        router.post("/_sim/sites/:site/content/:id/trash").handler(guarded(ctx ->
                send(ctx, 200, content(control.setStatus(ctx.pathParam("site"), id(ctx), "trashed")))));
        router.post("/_sim/sites/:site/content/:id/archive").handler(guarded(ctx ->
                send(ctx, 200, content(control.setStatus(ctx.pathParam("site"), id(ctx), "archived")))));
        router.post("/_sim/sites/:site/content/:id/restore").handler(guarded(ctx ->
                send(ctx, 200, content(control.setStatus(ctx.pathParam("site"), id(ctx), "current")))));
        router.delete("/_sim/sites/:site/content/:id").handler(guarded(ctx -> {
            if (Boolean.parseBoolean(ctx.queryParams().get("purge"))) {
                control.purge(ctx.pathParam("site"), id(ctx));
                ctx.response().setStatusCode(204).end();
            } else {
                send(ctx, 200, content(control.setStatus(ctx.pathParam("site"), id(ctx), "deleted")));
            }
        }));
        router.post("/_sim/sites/:site/content/:id/secrets").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            Planted p = control.plantSecret(ctx.pathParam("site"), id(ctx), required(b.getString("detector"), "detector"),
                    b.getString("value"));
            send(ctx, 201, JsonObject.mapFrom(p));
        }));
        // an edit that removes planted strings from the current version only (the history keeps them)
        router.post("/_sim/sites/:site/content/:id/secrets/remove").handler(guarded(ctx -> send(ctx, 200,
                new JsonObject().put("removed", control.removeSecrets(ctx.pathParam("site"), id(ctx), body(ctx).getString("value"))))));
        router.delete("/_sim/sites/:site/content/:id/versions/:number").handler(guarded(ctx -> {
            control.purgeVersion(ctx.pathParam("site"), id(ctx), Integer.parseInt(ctx.pathParam("number")));
            ctx.response().setStatusCode(204).end();
        }));
        // Jira work items
        router.post("/_sim/sites/:site/issues").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            send(ctx, 201, issue(control.createIssue(ctx.pathParam("site"), required(b.getString("project"), "project"),
                    required(b.getString("summary"), "summary"))));
        }));
        router.put("/_sim/sites/:site/issues/:issue").handler(guarded(ctx -> send(ctx, 200,
                issue(control.editIssue(ctx.pathParam("site"), ctx.pathParam("issue"), body(ctx).getString("summary"))))));
        router.post("/_sim/sites/:site/issues/:issue/comments").handler(guarded(ctx -> {
            SimJiraItem c = control.addComment(ctx.pathParam("site"), ctx.pathParam("issue"));
            send(ctx, 201, new JsonObject().put("id", c.id).put("issueId", c.issueId));
        }));
        router.post("/_sim/sites/:site/issues/:issue/secrets").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            Planted p = control.plantInIssue(ctx.pathParam("site"), ctx.pathParam("issue"), b.getString("place"),
                    required(b.getString("detector"), "detector"), b.getString("value"));
            send(ctx, 201, JsonObject.mapFrom(p).put("apiContentId", p.apiContentId()));
        }));
        router.delete("/_sim/sites/:site/issues/:issue").handler(guarded(ctx -> {
            control.deleteIssue(ctx.pathParam("site"), ctx.pathParam("issue"));
            ctx.response().setStatusCode(204).end();
        }));
        router.put("/_sim/sites/:site/projects/:key/browsable").handler(guarded(ctx -> {
            SimProject p = control.setProjectBrowsable(ctx.pathParam("site"), ctx.pathParam("key"),
                    body(ctx).getBoolean("browsable", true));
            send(ctx, 200, new JsonObject().put("key", p.key).put("browsable", p.browsable));
        }));
        router.post("/_sim/orgs/:orgId/users").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            SimUser u = control.addUser(ctx.pathParam("orgId"), required(b.getString("name"), "name"),
                    required(b.getString("email"), "email"));
            send(ctx, 201, new JsonObject().put("accountId", u.accountId).put("name", u.name).put("email", u.email));
        }));
        router.post("/_sim/orgs/:orgId/users/:accountId/deactivate").handler(guarded(ctx -> {
            SimUser u = control.deactivateUser(ctx.pathParam("orgId"), ctx.pathParam("accountId"));
            send(ctx, 200, new JsonObject().put("accountId", u.accountId).put("accountStatus", u.accountStatus));
        }));
        router.post("/_sim/sites/:site/apps").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            List<String> scopes = new ArrayList<>();
            b.getJsonArray("scopes", new JsonArray()).forEach(s -> scopes.add(String.valueOf(s)));
            SimApp a = control.installApp(ctx.pathParam("site"), required(b.getString("key"), "key"),
                    b.getString("name", b.getString("key")), b.getString("vendor", "Unknown vendor"), scopes,
                    b.getBoolean("userInstalled", true), b.getString("product"));
            send(ctx, 201, JsonObject.mapFrom(a));
        }));
        // which optional Confluence APIs a site answers (the experimental space roles, the removed v1 permissions expand)
        router.put("/_sim/sites/:site/features").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            dev.canopy.simulator.model.SimSite site = state.site(ctx.pathParam("site"));
            if (site == null) {
                send(ctx, 404, new JsonObject().put("error", "unknown site " + ctx.pathParam("site")));
                return;
            }
            site.spaceRolesAvailable = b.getBoolean("spaceRoles", site.spaceRolesAvailable);
            site.v1SpacePermissionsAvailable = b.getBoolean("v1SpacePermissions", site.v1SpacePermissionsAvailable);
            send(ctx, 200, new JsonObject().put("spaceRoles", site.spaceRolesAvailable)
                    .put("v1SpacePermissions", site.v1SpacePermissionsAvailable));
        }));
        router.delete("/_sim/sites/:site/apps/:key").handler(guarded(ctx -> {
            control.removeApp(ctx.pathParam("site"), ctx.pathParam("key"));
            ctx.response().setStatusCode(204).end();
        }));
        router.post("/_sim/orgs/:orgId/policies").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            send(ctx, 201, policy(control.addPolicy(ctx.pathParam("orgId"), required(b.getString("type"), "type"),
                    b.getString("name", b.getString("type")), b.getString("status", "enabled"))));
        }));
        router.put("/_sim/orgs/:orgId/policies/:policyId").handler(guarded(ctx -> send(ctx, 200, policy(control.setPolicyStatus(
                ctx.pathParam("orgId"), ctx.pathParam("policyId"), required(body(ctx).getString("status"), "status"))))));
        // a risky audit action (AuditActivity.SCENARIOS) at the current simulated time, optional body
        // {"actorAccountId", "events"} (events: size of a permission-burst / mass-deletion, e.g. half a burst)
        router.post("/_sim/orgs/:orgId/audit/:scenario").handler(guarded(ctx -> {
            JsonObject b = body(ctx);
            SimControl.AuditTrigger t = control.triggerAudit(ctx.pathParam("orgId"), ctx.pathParam("scenario"),
                    b.getString("actorAccountId"), b.getInteger("events"));
            JsonArray detections = new JsonArray();
            t.detections().forEach(d -> detections.add(JsonObject.mapFrom(d)));
            send(ctx, 201, new JsonObject().put("scenario", t.scenario()).put("detectionId", t.detectionId())
                    .put("eventIds", new JsonArray(new ArrayList<Object>(t.eventIds()))).put("detections", detections));
        }));
        router.put("/_sim/sites/:site/spaces/:spaceId/anonymous-access").handler(guarded(ctx -> {
            control.setSpaceAnonymousAccess(ctx.pathParam("site"), Long.parseLong(ctx.pathParam("spaceId")),
                    body(ctx).getBoolean("enabled", true));
            ctx.response().setStatusCode(204).end();
        }));
    }

    /** Credentials and URLs of every org and site, so tests and demos can find them. */
    private JsonObject orgs(RoutingContext ctx) {
        JsonArray orgs = new JsonArray();
        for (SimOrg o : state.orgs()) {
            JsonArray sites = new JsonArray();
            for (SimSite s : o.sites.values()) {
                sites.add(new JsonObject().put("name", s.name).put("cloudId", s.cloudId)
                        .put("url", Requests.origin(ctx) + "/site/" + s.name).put("hostHeader", s.name + ".atlassian.net")
                        .put("admin", new JsonObject().put("email", s.adminEmail).put("apiToken", s.adminToken))
                        .put("member", new JsonObject().put("email", s.userEmail).put("apiToken", s.userToken)));
            }
            orgs.add(new JsonObject().put("id", o.id).put("name", o.name).put("directoryId", o.directoryId)
                    .put("adminApiKey", o.apiKey).put("limitedApiKey", o.limitedApiKey)
                    .put("adminBaseUrl", Requests.origin(ctx)).put("sites", sites));
        }
        return new JsonObject().put("orgs", orgs);
    }

    private JsonObject faults() {
        JsonObject o = new JsonObject();
        SimulatorConfig.faultsAsMap(control.faults()).forEach((k, v) -> o.put(k.substring("faults.".length()), Double.parseDouble(v)));
        return o;
    }

    private static JsonObject content(SimContent c) {
        return new JsonObject().put("id", String.valueOf(c.id)).put("type", c.kind.v1Type).put("status", c.status)
                .put("title", c.title).put("version", c.version).put("modifiedAt", c.modifiedAt.toString());
    }

    private static JsonObject policy(SimPolicy p) {
        return new JsonObject().put("id", p.id).put("type", p.type).put("name", p.name).put("status", p.status);
    }

    private static JsonObject issue(SimIssue i) {
        return new JsonObject().put("id", i.id).put("key", i.key).put("projectId", i.projectId).put("summary", i.summary)
                .put("updated", i.updatedAt.toString());
    }

    private static long id(RoutingContext ctx) {
        return Long.parseLong(ctx.pathParam("id"));
    }

    private static String required(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static JsonObject body(RoutingContext ctx) {
        return ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static Handler<RoutingContext> guarded(Handler<RoutingContext> h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (IllegalArgumentException e) {
                send(ctx, e.getMessage() != null && e.getMessage().startsWith("unknown") ? 404 : 400,
                        new JsonObject().put("error", e.getMessage()));
            } catch (RuntimeException e) {
                send(ctx, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
            }
        };
    }
}
