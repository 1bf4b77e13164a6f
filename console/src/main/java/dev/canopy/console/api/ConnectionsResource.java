package dev.canopy.console.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * Connections to Atlassian organizations: list, add, edit (key rotation, sites, tokens), verification results per
 * capability with fixes, syncs with live progress.
 */
@Path("/connections")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ConnectionsResource {
    /** Site rows the add form offers. */
    static final int SITE_ROWS = 3;

    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("connections.html")
    Template list;
    @Inject
    @Location("connection.html")
    Template detail;
    @Inject
    @Location("connection-new.html")
    Template form;
    @Inject
    @Location("run.html")
    Template run;
    @Inject
    @Location("connection-edit.html")
    Template edit;

    /** Empty site rows the edit form offers after the existing sites (the connector allows 50 sites in all). */
    static final int NEW_SITE_ROWS = 2;
    static final int MAX_SITES = 50;

    @GET
    public TemplateInstance list() {
        ConsoleSession s = user.session();
        return list.data("s", s).data("nav", "connections")
                .data("items", platform.plain(platform.get(s, Platform.CONNECTOR, "/api/v1/connections", null)));
    }

    @GET
    @Path("new")
    public TemplateInstance form() {
        ConsoleSession s = user.session();
        if (!s.admin()) {
            throw new ConsoleError(403, "Your role cannot add connections",
                    "Only a tenant-admin can connect an organization. Ask one of your tenant's admins.");
        }
        return form.data("s", s).data("nav", "connections").data("rows", List.of(1, 2, 3));
    }

    @POST
    public Response create(@FormParam("_csrf") String csrf, @RestForm String name, @RestForm String orgId,
            @RestForm String orgApiKey, @RestForm String adminBaseUrl, @RestForm List<String> siteUrl,
            @RestForm List<String> siteEmail, @RestForm List<String> siteToken) {
        ConsoleSession s = user.authorizeChange(csrf);
        List<Map<String, Object>> sites = new ArrayList<>();
        for (int i = 0; siteUrl != null && i < Math.min(siteUrl.size(), SITE_ROWS); i++) {
            String url = siteUrl.get(i);
            if (url == null || url.isBlank()) {
                continue;
            }
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("url", url.strip());
            site.put("adminEmail", at(siteEmail, i));
            site.put("apiToken", at(siteToken, i));
            sites.add(site);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null || name.isBlank() ? "organization " + orgId : name.strip());
        body.put("orgId", orgId == null ? null : orgId.strip());
        body.put("orgApiKey", orgApiKey);
        if (adminBaseUrl != null && !adminBaseUrl.isBlank()) {
            body.put("adminBaseUrl", adminBaseUrl.strip());
        }
        body.put("sites", sites);
        JsonNode created = platform.post(s, Platform.CONNECTOR, "/api/v1/connections", null, body);
        return Response.seeOther(URI.create("/connections/" + Platform.segment(created.path("id").asText()))).build();
    }

    @GET
    @Path("{id}/edit")
    public TemplateInstance editForm(@PathParam("id") String id) {
        ConsoleSession s = user.session();
        if (!s.admin()) {
            throw new ConsoleError(403, "Your role cannot edit connections",
                    "Only a tenant-admin can change a connection. Ask one of your tenant's admins.");
        }
        JsonNode c = platform.get(s, Platform.CONNECTOR, "/api/v1/connections/" + Platform.segment(id), null);
        int existing = c.path("sites").size();
        List<Integer> blank = new ArrayList<>();
        for (int i = 1; i <= Math.min(NEW_SITE_ROWS, MAX_SITES - existing); i++) {
            blank.add(existing + i);
        }
        return edit.data("s", s).data("nav", "connections").data("c", platform.plain(c)).data("newRows", blank);
    }

    /**
     * Saves an edited connection: a blank key or token keeps the stored one (the connector's rule), a ticked "remove"
     * drops a site, filled new rows add sites. The connector re-verifies every capability; the detail page shows it.
     */
    @POST
    @Path("{id}/edit")
    public Response update(@PathParam("id") String id, @FormParam("_csrf") String csrf, @RestForm String name,
            @RestForm String orgApiKey, @RestForm String adminBaseUrl, @RestForm List<String> siteUrl,
            @RestForm List<String> siteEmail, @RestForm List<String> siteToken, @RestForm List<String> removeSite,
            @RestForm List<String> siteId) {
        ConsoleSession s = user.authorizeChange(csrf);
        String path = "/api/v1/connections/" + Platform.segment(id);
        JsonNode current = platform.get(s, Platform.CONNECTOR, path, null);
        java.util.Set<String> removed = removeSite == null ? java.util.Set.of() : java.util.Set.copyOf(removeSite);
        List<Map<String, Object>> sites = new ArrayList<>();
        for (int i = 0; siteUrl != null && i < Math.min(siteUrl.size(), MAX_SITES + NEW_SITE_ROWS); i++) {
            String url = at(siteUrl, i);
            if (url == null || url.isBlank() || removed.contains(url)) {
                continue;
            }
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("url", url);
            String knownId = at(siteId, i);
            if (knownId != null && !knownId.isEmpty()) {
                site.put("siteId", knownId); // resolved earlier by the connector: keep it
            }
            site.put("adminEmail", at(siteEmail, i));
            String token = at(siteToken, i);
            if (token != null && !token.isEmpty()) {
                site.put("apiToken", token);
            }
            sites.add(site);
        }
        if (sites.isEmpty()) {
            throw new ConsoleError(400, "A connection needs a site", "Keep at least one site (untick its "
                    + "\"remove\" box) or add one, and save again.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null || name.isBlank() ? current.path("name").asText() : name.strip());
        body.put("orgId", current.path("orgId").asText());
        if (orgApiKey != null && !orgApiKey.isEmpty()) {
            body.put("orgApiKey", orgApiKey);
        }
        body.put("adminBaseUrl", adminBaseUrl == null || adminBaseUrl.isBlank() ? current.path("adminBaseUrl").asText()
                : adminBaseUrl.strip());
        body.put("sites", sites);
        // the schedule is not on this form: send the current values so the update keeps them
        body.put("fullIntervalMinutes", current.path("fullIntervalMinutes").asInt());
        body.put("incrementalIntervalMinutes", current.path("incrementalIntervalMinutes").asInt());
        body.put("pollIntervalSeconds", current.path("pollIntervalSeconds").asInt());
        if (current.path("historyMaxVersions").isInt()) {
            body.put("historyMaxVersions", current.path("historyMaxVersions").asInt());
        }
        platform.put(s, Platform.CONNECTOR, path, body);
        return Response.seeOther(URI.create("/connections/" + Platform.segment(id) + "?done=saved")).build();
    }

    /** A verification check as the page shows it: what failed and what to do about it. */
    public record CheckView(String capability, String site, boolean ok, String status, String reason, String fix) {
    }

    static List<CheckView> checks(JsonNode checks) {
        List<CheckView> out = new ArrayList<>();
        if (!checks.isArray()) {
            return out;
        }
        for (JsonNode k : checks) {
            String capability = k.path("capability").asText("");
            boolean ok = k.path("ok").asBoolean();
            Integer status = k.path("status").isInt() ? k.path("status").asInt() : null;
            out.add(new CheckView(capability, k.path("site").asText(""), ok, status == null ? "" : status.toString(),
                    k.path("reason").asText(""), ok ? "" : fix(capability, status, k.path("site").isTextual())));
        }
        return out;
    }

    /** What to do when a capability failed, by the HTTP status the connector got (null: no answer). */
    static String fix(String capability, Integer status, boolean site) {
        if (status == null) {
            return site ? "The site could not be reached or answered too slowly: check its URL and that the "
                    + "connector may reach it (egress allow-list), then verify again."
                    : "The admin API could not be reached or answered too slowly: check the admin API base URL, then "
                            + "verify again.";
        }
        return switch (status) {
            case 401 -> site ? "The site rejected the admin email and API token: create a new API token for that "
                    + "account (id.atlassian.com → Security → API tokens), paste it in Edit and save."
                    : "The admin API key was rejected (expired or revoked): create a new one in admin.atlassian.com → "
                            + "Settings → API keys, paste it in Edit and save.";
            case 403 -> switch (capability) {
                case "admin-users", "org-policies" -> "The key lacks organization admin access: create the API key "
                        + "as an organization admin (not a site admin).";
                case "api-tokens" -> "The key lacks the api-access scope (user API token inventory needs Atlassian "
                        + "Guard): create a key with API access, or accept that API tokens are not inventoried.";
                case "teams" -> "The site's admin account cannot read teams: give it the Teams admin role.";
                case "confluence-content" -> "The admin account is not a Confluence administrator on this site: "
                        + "grant it, or pages are not scanned for secrets.";
                case "jira-permissions" -> "The admin account lacks the Jira Administer global permission: grant "
                        + "it, or Jira permission grants are not checked.";
                case "app-listing" -> "The admin account is not a site administrator: apps cannot be listed.";
                default -> "The account lacks a permission this capability needs: grant it and verify again.";
            };
            case 404 -> "confluence-content".equals(capability) ? "The site has no Confluence (or no API at this "
                    + "URL): there is no content to scan; if it should have Confluence, check the site URL."
                    : "jira-permissions".equals(capability) ? "The site has no Jira (or no API at this URL): there are "
                    + "no permission schemes to check; if it should have Jira, check the site URL."
                    : site ? "The site has no such API: check the site URL (https://<name>.atlassian.net)."
                    : "The organization was not found: check the organization id (admin.atlassian.com → the URL "
                            + "after /o/).";
            case 429 -> "Atlassian is rate-limiting this account: verify again in a few minutes.";
            default -> "Atlassian answered " + status + ": verify again later; if it persists, check Atlassian's "
                    + "status page.";
        };
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") String id, @QueryParam("done") String done) {
        ConsoleSession s = user.session();
        String base = "/api/v1/connections/" + Platform.segment(id);
        JsonNode c = platform.get(s, Platform.CONNECTOR, base, null);
        return detail.data("s", s).data("nav", "connections").data("done", "saved".equals(done) ? done : null)
                .data("checks", checks(c.path("verification").path("checks")))
                .data("c", platform.plain(c))
                .data("runs", platform.plain(platform.get(s, Platform.CONNECTOR, base + "/syncs",
                        Platform.query("limit", "10"))));
    }

    @POST
    @Path("{id}/syncs")
    public Response sync(@PathParam("id") String id, @FormParam("_csrf") String csrf, @FormParam("mode") String mode) {
        ConsoleSession s = user.authorizeChange(csrf);
        String m = "incremental".equals(mode) ? "incremental" : "full";
        JsonNode r = platform.post(s, Platform.CONNECTOR, "/api/v1/connections/" + Platform.segment(id) + "/syncs",
                Platform.query("mode", m), null);
        return Response.seeOther(URI.create("/connections/runs/" + Platform.segment(r.path("id").asText()))).build();
    }

    @POST
    @Path("{id}/verify")
    public Response verify(@PathParam("id") String id, @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        platform.post(s, Platform.CONNECTOR, "/api/v1/connections/" + Platform.segment(id) + "/verify", null, null);
        return Response.seeOther(URI.create("/connections/" + Platform.segment(id))).build();
    }

    /** A run's progress; the page reloads itself while the run is queued or running. */
    @GET
    @Path("runs/{runId}")
    public TemplateInstance run(@PathParam("runId") String runId) {
        ConsoleSession s = user.session();
        JsonNode r = platform.get(s, Platform.CONNECTOR, "/api/v1/syncs/" + Platform.segment(runId), null);
        String status = r.path("status").asText();
        boolean live = !List.of("succeeded", "failed", "cancelled", "partial").contains(status);
        long events = 0;
        for (JsonNode n : r.path("metrics").path("events")) {
            events += n.asLong();
        }
        return run.data("s", s).data("nav", "connections").data("r", platform.plain(r)).data("live", live)
                .data("events", events);
    }

    private static String at(List<String> values, int i) {
        return values != null && i < values.size() && values.get(i) != null ? values.get(i).strip() : null;
    }
}
