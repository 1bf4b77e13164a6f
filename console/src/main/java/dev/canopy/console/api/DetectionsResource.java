package dev.canopy.console.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * Threat detections over the audit log: the newest detections, the rules (with Guard Detect's category) and the
 * tenant's settings (rules on/off, sensitivity, excluded accounts).
 */
@Path("/detections")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class DetectionsResource {
    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("detections.html")
    Template page;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        ConsoleSession s = user.session();
        JsonNode recent = platform.get(s, Platform.FINDINGS, "/api/v1/detections", Platform.query("limit", "25"));
        JsonNode settings = platform.get(s, Platform.FINDINGS, "/api/v1/detections/settings", null);
        List<String> excluded = new java.util.ArrayList<>();
        settings.path("excludedAccounts").forEach(a -> excluded.add(a.asText()));
        return page.data("s", s).data("nav", "detections").data("done", done)
                .data("items", platform.plain(recent.path("items")))
                .data("rules", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/detections/rules", null)))
                .data("settings", platform.plain(settings)).data("excluded", String.join("\n", excluded));
    }

    /** Saves the settings form: every rule's checkbox, sensitivity, excluded accounts (one per line). */
    @POST
    @Path("settings")
    public Response save(@FormParam("_csrf") String csrf, @FormParam("enabled") String enabled,
            @FormParam("rule") List<String> enabledRules, @FormParam("sensitivity") String sensitivity,
            @FormParam("excluded") String excluded) {
        ConsoleSession s = user.authorizeChange(csrf);
        JsonNode current = platform.get(s, Platform.FINDINGS, "/api/v1/detections/settings", null);
        List<String> disabled = new java.util.ArrayList<>();
        for (JsonNode r : platform.get(s, Platform.FINDINGS, "/api/v1/detections/rules", null)) {
            if (enabledRules == null || !enabledRules.contains(r.path("id").asText())) {
                disabled.add(r.path("id").asText());
            }
        }
        List<String> accounts = excluded == null ? List.of() : excluded.lines().map(String::strip)
                .filter(l -> !l.isEmpty()).distinct().toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", enabled != null);
        body.put("disabledRules", disabled);
        body.put("excludedAccounts", accounts);
        body.put("sensitivity", sensitivity == null || sensitivity.isBlank() ? "medium" : sensitivity);
        // thresholds are kept as they are (the API replaces the whole settings document)
        body.put("thresholds", platform.plain(current.path("thresholds")));
        platform.put(s, Platform.FINDINGS, "/api/v1/detections/settings", body);
        return Response.seeOther(URI.create("/detections?done=saved")).build();
    }
}
