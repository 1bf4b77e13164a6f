package dev.canopy.simulator.admin;

import java.util.ArrayList;
import java.util.List;

import dev.canopy.simulator.http.ApiFamily;
import dev.canopy.simulator.http.Caller;
import dev.canopy.simulator.http.Cursors;
import dev.canopy.simulator.http.Errors;
import dev.canopy.simulator.http.Json;
import dev.canopy.simulator.http.Requests;
import dev.canopy.simulator.model.SimDomain;
import dev.canopy.simulator.model.SimEvent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPolicy;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Orgs, domains, policies, workspaces and the audit log ({@code events}, {@code events-stream}). */
public final class OrgApi {
    private final SimState state;

    public OrgApi(SimState state) {
        this.state = state;
    }

    public void mount(Router router) {
        router.get("/admin/v1/orgs").handler(this::orgs);
        router.get("/admin/v1/orgs/:orgId").handler(this::org);
        router.get("/admin/v1/orgs/:orgId/domains").handler(this::domains);
        router.get("/admin/v1/orgs/:orgId/domains/:domainId").handler(this::domain);
        router.get("/admin/v1/orgs/:orgId/policies").handler(this::policies);
        router.get("/admin/v1/orgs/:orgId/policies/:policyId").handler(this::policy);
        router.post("/admin/v2/orgs/:orgId/workspaces").handler(this::workspaces);
        router.get("/admin/v1/orgs/:orgId/events").handler(ctx -> events(ctx, false));
        router.get("/admin/v1/orgs/:orgId/events-stream").handler(ctx -> events(ctx, true));
        router.get("/admin/v1/orgs/:orgId/events/:eventId").handler(this::event);
    }

    private void orgs(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        if (!caller.admin()) {
            Errors.send(ctx, ApiFamily.ADMIN, 403, "The API key does not have the required admin scopes");
            return;
        }
        Json.send(ctx, 200, new JsonObject().put("data", new JsonArray().add(orgJson(ctx, caller.org())))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v1/orgs")));
    }

    private void org(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org != null) {
            Json.send(ctx, 200, new JsonObject().put("data", orgJson(ctx, org)));
        }
    }

    private static JsonObject orgJson(RoutingContext ctx, SimOrg org) {
        String self = Requests.origin(ctx) + "/admin/v1/orgs/" + org.id;
        return new JsonObject().put("id", org.id).put("type", "orgs")
                .put("attributes", new JsonObject().put("name", org.name))
                .put("relationships", new JsonObject()
                        .put("domains", new JsonObject().put("links", new JsonObject().put("related", self + "/domains")))
                        .put("users", new JsonObject().put("links", new JsonObject().put("related", self + "/users"))))
                .put("links", new JsonObject().put("self", self));
    }

    private void domains(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org != null) {
            v1Page(ctx, org, "/domains", org.domains, d -> domainJson(ctx, org, d));
        }
    }

    private void domain(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        org.domains.stream().filter(d -> d.id().equals(ctx.pathParam("domainId"))).findFirst().ifPresentOrElse(
                d -> Json.send(ctx, 200, new JsonObject().put("data", domainJson(ctx, org, d))),
                () -> Errors.send(ctx, ApiFamily.ADMIN, 404, "Domain not found"));
    }

    private static JsonObject domainJson(RoutingContext ctx, SimOrg org, SimDomain d) {
        return new JsonObject().put("id", d.id()).put("type", "domains")
                .put("attributes", new JsonObject().put("name", d.name())
                        .put("claim", new JsonObject().put("type", d.claimType()).put("status", d.claimStatus())))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + "/domains/" + d.id()));
    }

    private void policies(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        String type = ctx.queryParams().get("type");
        List<SimPolicy> list = org.policies.values().stream().filter(p -> type == null || p.type.equals(type)).toList();
        v1Page(ctx, org, "/policies", list, p -> policyJson(ctx, org, p));
    }

    private void policy(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        SimPolicy p = org.policies.get(ctx.pathParam("policyId"));
        if (p == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 404, "Policy not found");
            return;
        }
        Json.send(ctx, 200, new JsonObject().put("data", policyJson(ctx, org, p)));
    }

    private static JsonObject policyJson(RoutingContext ctx, SimOrg org, SimPolicy p) {
        JsonObject rule = switch (p.type) {
            case "ip-allowlist" -> new JsonObject().put("ipAllowlist", new JsonArray().add("198.51.100.0/24").add("203.0.113.7/32"));
            case "data-security" -> new JsonObject().put("anonymousAccess", new JsonObject().put("blocked", true))
                    .put("publicLinks", new JsonObject().put("blocked", false));
            case "data-residency" -> new JsonObject().put("realm", "eu");
            default -> new JsonObject();
        };
        JsonArray resources = new JsonArray();
        org.sites.values().forEach(s -> resources.add(new JsonObject().put("id", "ari:cloud:confluence::site/" + s.cloudId)));
        return new JsonObject().put("id", p.id).put("type", "policy")
                .put("attributes", new JsonObject().put("type", p.type).put("name", p.name).put("status", p.status)
                        .put("rule", rule).put("resources", resources).put("createdAt", p.createdAt.toString())
                        .put("updatedAt", p.updatedAt.toString()))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + "/policies/" + p.id));
    }

    /** v1 list paging: opaque {@code cursor}, {@code links.next} is a URL. */
    private <T> void v1Page(RoutingContext ctx, SimOrg org, String path, List<T> items,
            java.util.function.Function<T, JsonObject> json) {
        int start = Cursors.offset(ctx.queryParams().get("cursor"));
        if (start < 0) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Invalid cursor");
            return;
        }
        int end = Math.min(items.size(), start + 100);
        JsonArray data = new JsonArray();
        items.subList(Math.min(start, items.size()), end).forEach(i -> data.add(json.apply(i)));
        String base = Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + path;
        JsonObject links = new JsonObject().put("self", base);
        if (end < items.size()) {
            links.put("next", base + "?cursor=" + Cursors.offset(end));
        }
        Json.send(ctx, 200, new JsonObject().put("data", data).put("links", links));
    }

    private void workspaces(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Request body is not valid JSON");
            return;
        }
        if (body.getString("cursor") != null && body.size() > 1) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "If you send the 'cursor' field, no other field can be provided");
            return;
        }
        List<JsonObject> all = new ArrayList<>();
        for (SimSite s : org.sites.values()) {
            String host = Requests.siteBase(ctx, s.name);
            all.add(workspace(org, s, "jira", "jira-software", host));
            all.add(workspace(org, s, "confluence", "confluence", host));
        }
        int start = Math.max(0, Cursors.offset(body.getString("cursor")));
        int limit = Math.max(1, Math.min(100, body.getInteger("limit", 20)));
        int end = Math.min(all.size(), start + limit);
        JsonObject links = new JsonObject().put("self", Cursors.offset(start));
        if (end < all.size()) {
            links.put("next", Cursors.offset(end));
        }
        Json.send(ctx, 200, new JsonObject().put("data", new JsonArray(new ArrayList<Object>(all.subList(Math.min(start, all.size()), end))))
                .put("links", links));
    }

    private JsonObject workspace(SimOrg org, SimSite s, String product, String typeKey, String host) {
        return new JsonObject().put("id", "ari:cloud:" + product + "::site/" + s.cloudId).put("type", "workspaces")
                .put("attributes", new JsonObject().put("name", s.name).put("typeKey", typeKey).put("type", typeKey)
                        .put("owner", org.id).put("status", "online").put("statusDetails", new JsonArray())
                        .put("labels", new JsonArray()).put("sandbox", new JsonObject().put("type", "none"))
                        .put("createdAt", state.now.minusSeconds(86_400L * 900).toString())
                        .put("createdBy", org.users().get(0).accountId).put("updatedAt", state.now.toString())
                        .put("hostUrl", host).put("realm", "eu").put("regions", new JsonArray().add("eu-central-1")))
                .put("links", new JsonObject().put("self", host));
    }

    /**
     * Audit events. {@code events-stream} is ascending by default, {@code from}/{@code to} in epoch ms; its
     * {@code meta.next} is always present so a client can poll after the last page, {@code links.next} only when more
     * events exist now. The sort order and the bounds travel inside the cursor.
     */
    private void events(RoutingContext ctx, boolean stream) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        String cursor = ctx.queryParams().get("cursor");
        String carried = Cursors.query(cursor);
        JsonObject q = carried != null ? new JsonObject(carried) : new JsonObject()
                .put("from", parseLong(ctx.queryParams().get("from"), Long.MIN_VALUE))
                .put("to", parseLong(ctx.queryParams().get("to"), Long.MAX_VALUE))
                .put("asc", stream ? !"desc".equalsIgnoreCase(ctx.queryParams().get("sortOrder")) : false)
                .put("action", ctx.queryParams().get("action"))
                .put("after", stream ? Long.MIN_VALUE : Long.MAX_VALUE).put("afterId", "");
        if (cursor != null && carried == null) {
            Errors.send(ctx, ApiFamily.ADMIN, 400, "Invalid cursor");
            return;
        }
        boolean asc = q.getBoolean("asc");
        long from = q.getLong("from");
        long to = q.getLong("to");
        long after = q.getLong("after");
        String afterId = q.getString("afterId");
        String action = q.getString("action");
        int limit = Requests.intParam(ctx, "limit", stream ? 100 : 100, 1, 1000);
        List<SimEvent> sorted = new ArrayList<>(org.events);
        sorted.sort((a, b) -> asc ? compare(a, b) : compare(b, a));
        JsonArray data = new JsonArray();
        SimEvent last = null;
        boolean more = false;
        for (SimEvent e : sorted) {
            long t = e.time().toEpochMilli();
            if (t < from || t > to || (action != null && !action.equals(e.action()))) {
                continue;
            }
            int pos = Long.compare(t, after) != 0 ? Long.compare(t, after) : e.id().compareTo(afterId);
            if (asc ? pos <= 0 : pos >= 0) {
                continue;
            }
            if (data.size() == limit) {
                more = true;
                break;
            }
            data.add(eventJson(ctx, org, e));
            last = e;
        }
        if (last != null) {
            q.put("after", last.time().toEpochMilli()).put("afterId", last.id());
        }
        String next = Cursors.offset(0, q.encode());
        String base = Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + (stream ? "/events-stream" : "/events");
        JsonObject links = new JsonObject().put("self", base);
        if (more) {
            links.put("next", base + "?cursor=" + next);
        }
        JsonObject meta = new JsonObject().put("page_size", data.size());
        if (stream || more) {
            meta.put("next", next);
        }
        Json.send(ctx, 200, new JsonObject().put("data", data).put("meta", meta).put("links", links));
    }

    private static int compare(SimEvent a, SimEvent b) {
        int c = a.time().compareTo(b.time());
        return c != 0 ? c : a.id().compareTo(b.id());
    }

    private void event(RoutingContext ctx) {
        SimOrg org = AdminSupport.org(ctx, state);
        if (org == null) {
            return;
        }
        org.events.stream().filter(e -> e.id().equals(ctx.pathParam("eventId"))).findFirst().ifPresentOrElse(
                e -> Json.send(ctx, 200, new JsonObject().put("data", eventJson(ctx, org, e))),
                () -> Errors.send(ctx, ApiFamily.ADMIN, 404, "Event not found"));
    }

    /**
     * One event as the Organizations API shows it (notes §1.3 "Event"): {@code context[]} entries with
     * {@code id/type/attributes}, the site container with {@code siteName/siteHostName} and {@code links.alt}, and the
     * optional {@code message {content, format}} as in a real {@code user_logged_in_as_user} record
     * (panther-labs/panther-analysis rules/atlassian_rules/user_logged_in_as_user.yml).
     */
    private static JsonObject eventJson(RoutingContext ctx, SimOrg org, SimEvent e) {
        JsonArray context = new JsonArray();
        e.context().forEach(c -> context.add(new JsonObject(new java.util.LinkedHashMap<>(c))));
        JsonObject container = new JsonObject().put("id", e.containerId()).put("type", "sites");
        org.sites.values().stream().filter(s -> s.cloudId.equals(e.containerId())).findFirst().ifPresent(s -> container
                .put("attributes", new JsonObject().put("siteName", s.name).put("siteHostName", "https://" + s.name + ".atlassian.net"))
                .put("links", new JsonObject().put("alt", "https://" + s.name + ".atlassian.net")));
        JsonObject location = new JsonObject().put("ip", e.ip()).put("countryName", e.country());
        if (e.city() != null) {
            location.put("city", e.city());
        }
        JsonObject json = new JsonObject().put("id", e.id()).put("type", "events")
                .put("attributes", new JsonObject().put("time", e.time().toString()).put("action", e.action())
                        .put("actor", new JsonObject().put("id", e.actorId()).put("name", e.actorName())
                                .put("email", e.actorEmail()).put("auth", new JsonObject().put("authType", e.authType()))
                                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/users/" + e.actorId() + "/manage/profile")))
                        .put("context", context)
                        .put("container", new JsonArray().add(container))
                        .put("location", location))
                .put("links", new JsonObject().put("self", Requests.origin(ctx) + "/admin/v1/orgs/" + org.id + "/events/" + e.id()));
        if (e.message() != null) {
            json.put("message", new JsonObject().put("content", e.message()).put("format", "simple"));
        }
        return json;
    }

    private static long parseLong(String v, long def) {
        try {
            return v == null || v.isBlank() ? def : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
