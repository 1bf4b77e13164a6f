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

/** Connections to Atlassian organizations: list, add, verification results, syncs with live progress. */
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
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") String id) {
        ConsoleSession s = user.session();
        String base = "/api/v1/connections/" + Platform.segment(id);
        return detail.data("s", s).data("nav", "connections")
                .data("c", platform.plain(platform.get(s, Platform.CONNECTOR, base, null)))
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
