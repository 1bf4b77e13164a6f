package dev.canopy.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The tenant at a glance: connections and their syncs, open findings by severity and kind, newest critical ones. */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {
    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("overview.html")
    Template overview;

    /** {@code {bySeverity: {...}, byRule: {...}}} as titled groups, severities in their order, rules by count. */
    private static Map<String, Map<String, Long>> counts(JsonNode counts) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        Map<String, Long> severity = new LinkedHashMap<>();
        for (String level : List.of("critical", "high", "medium", "low", "info")) {
            if (counts.path("bySeverity").has(level)) {
                severity.put(level, counts.path("bySeverity").path(level).asLong());
            }
        }
        out.put("By severity", severity);
        Map<String, Long> rules = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        counts.path("byRule").fields().forEachRemaining(entries::add);
        entries.sort((a, b) -> Long.compare(b.getValue().asLong(), a.getValue().asLong()));
        entries.forEach(e -> rules.put(e.getKey(), e.getValue().asLong()));
        out.put("By rule", rules);
        return out;
    }

    @GET
    public TemplateInstance overview() {
        ConsoleSession s = user.session();
        return overview.data("s", s).data("nav", "overview")
                .data("connections", platform.plain(platform.get(s, Platform.CONNECTOR, "/api/v1/connections", null)))
                .data("counts", counts(platform.get(s, Platform.FINDINGS, "/api/v1/findings/counts", null)))
                .data("critical", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/findings",
                        Platform.query("severity", "critical", "status", FindingsResource.ACTIVE, "limit", "5"))
                        .path("items")));
    }
}
