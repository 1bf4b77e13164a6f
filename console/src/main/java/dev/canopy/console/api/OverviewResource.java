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

    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    static final List<String> KINDS = List.of("posture", "dlp", "detection");
    /** Days the overview's charts span. */
    static final int TREND_DAYS = 14;
    /** Apps read to rank by scopes (one page of the inventory; a tenant with more sees the riskiest of these). */
    static final int APPS_READ = 500;
    static final int TOP = 5;
    /** An admin is dormant when last active more than this many days ago (or never). */
    static final int DORMANT_DAYS = 90;

    /**
     * {@code {bySeverity: {...}, byRule: {...}, byKind: {...}}} as titled groups: severities and kinds in their order,
     * rules by count.
     */
    private static Map<String, Map<String, Long>> counts(JsonNode counts) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put("By severity", inOrder(counts.path("bySeverity"), SEVERITIES));
        Map<String, Long> rules = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        counts.path("byRule").fields().forEachRemaining(entries::add);
        entries.sort((a, b) -> Long.compare(b.getValue().asLong(), a.getValue().asLong()));
        entries.forEach(e -> rules.put(e.getKey(), e.getValue().asLong()));
        out.put("By rule", rules);
        out.put("By kind", inOrder(counts.path("byKind"), KINDS));
        return out;
    }

    /** The counts of {@code group} for the keys in {@code order} it has, in that order. */
    private static Map<String, Long> inOrder(JsonNode group, List<String> order) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String key : order) {
            if (group.has(key)) {
                out.put(key, group.path(key).asLong());
            }
        }
        return out;
    }

    /**
     * An installed app ranked by what it may do: scope count, then user-installed (not bundled) first. Atlassian
     * Cloud's plugin listing carries no scopes, so there the list is the enabled user-installed apps.
     */
    public record RiskyApp(String name, String vendor, String site, int scopes, boolean userInstalled, boolean enabled,
            String id, List<String> scopeNames) {
    }

    static List<RiskyApp> riskyApps(JsonNode apps) {
        List<RiskyApp> out = new ArrayList<>();
        for (JsonNode a : apps.path("items")) {
            List<String> scopes = new ArrayList<>();
            a.path("scopes").forEach(x -> scopes.add(x.asText()));
            out.add(new RiskyApp(a.path("name").asText(a.path("appKey").asText()), a.path("vendor").asText(""),
                    a.path("siteId").asText(""), scopes.size(), a.path("userInstalled").asBoolean(),
                    a.path("enabled").asBoolean(true), a.path("siteId").asText("") + ":" + a.path("appKey").asText(""), scopes.stream().limit(6).toList()));
        }
        out.sort(java.util.Comparator.comparingInt(RiskyApp::scopes).reversed()
                .thenComparing(RiskyApp::userInstalled, java.util.Comparator.reverseOrder()).thenComparing(RiskyApp::name));
        // bundled or disabled apps without scopes are not a risk worth the list
        return out.stream().filter(a -> a.scopes() > 0 || a.userInstalled() && a.enabled()).limit(TOP).toList();
    }

    @GET
    public TemplateInstance overview() {
        ConsoleSession s = user.session();
        JsonNode trend = platform.get(s, Platform.FINDINGS, "/api/v1/findings/trend",
                Platform.query("days", String.valueOf(TREND_DAYS)));
        return overview.data("s", s).data("nav", "overview")
                .data("bySeverity", TrendChart.of("New findings per day by severity", trend, "severity", SEVERITIES))
                .data("byKind", TrendChart.of("New findings per day by kind", trend, "kind", KINDS))
                .data("trendDays", TREND_DAYS)
                .data("apps", riskyApps(platform.get(s, Platform.INVENTORY, "/api/v1/installed-apps",
                        Platform.query("limit", String.valueOf(APPS_READ)))))
                .data("dormantDays", DORMANT_DAYS)
                .data("dormantAdmins", platform.plain(platform.get(s, Platform.INVENTORY, "/api/v1/users",
                        Platform.query("admin", "true", "dormantDays", String.valueOf(DORMANT_DAYS), "limit",
                                String.valueOf(TOP * 2))).path("items")))
                .data("connections", platform.plain(platform.get(s, Platform.CONNECTOR, "/api/v1/connections", null)))
                .data("counts", counts(platform.get(s, Platform.FINDINGS, "/api/v1/findings/counts", null)))
                .data("critical", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/findings",
                        Platform.query("severity", "critical", "status", FindingsResource.ACTIVE, "limit", "5"))
                        .path("items")));
    }
}
