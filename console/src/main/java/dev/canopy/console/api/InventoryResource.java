package dev.canopy.console.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Inventory lists (users with MFA/admin/dormant/managed filters, groups, apps, API tokens, spaces, audit events). */
@Path("/inventory")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class InventoryResource {
    /** Page name → the inventory endpoint it lists. */
    static final Map<String, String> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("users", "/api/v1/users");
        TYPES.put("groups", "/api/v1/groups");
        TYPES.put("apps", "/api/v1/installed-apps");
        TYPES.put("api-tokens", "/api/v1/api-tokens");
        TYPES.put("spaces", "/api/v1/confluence-spaces");
        TYPES.put("audit-events", "/api/v1/audit-events");
    }

    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("inventory.html")
    Template page;

    @GET
    public TemplateInstance list(@QueryParam("type") String type, @QueryParam("mfaEnabled") String mfa,
            @QueryParam("admin") String admin, @QueryParam("dormantDays") String dormantDays,
            @QueryParam("managed") String managed, @QueryParam("cursor") String cursor) {
        ConsoleSession s = user.session();
        String t = type != null && TYPES.containsKey(type) ? type : "users";
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("type", t);
        if ("users".equals(t)) {
            filters.put("mfaEnabled", blank(mfa));
            filters.put("admin", blank(admin));
            filters.put("dormantDays", dormantDays == null || !dormantDays.matches("\\d{1,5}") ? "" : dormantDays);
            filters.put("managed", blank(managed));
        }
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.remove("type");
        query.put("cursor", cursor);
        query.put("limit", "25");
        JsonNode answer = platform.get(s, Platform.INVENTORY, TYPES.get(t), query);
        JsonNode items = answer.isArray() ? answer : answer.path("items");
        String next = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
        return page.data("s", s).data("nav", "inventory").data("type", t).data("types", List.copyOf(TYPES.keySet()))
                .data("f", filters).data("columns", columns(t, items)).data("rows", rows(items, columns(t, items)))
                .data("next", next == null ? null : Pages.link("/inventory", filters, "cursor", next))
                .data("first", cursor == null ? null : Pages.link("/inventory", filters, null, null));
    }

    /** Columns shown first per type when the entities have them; other scalar fields fill up to {@link #MAX_COLUMNS}. */
    static final Map<String, List<String>> PREFERRED = Map.of(
            "users", List.of("displayName", "email", "status", "accountType", "managed", "mfaEnabled", "lastActive"),
            "groups", List.of("name", "description", "memberCount"),
            "apps", List.of("name", "key", "vendor", "enabled", "version"),
            "api-tokens", List.of("label", "accountId", "createdAt", "lastAccess", "expiresAt"),
            "spaces", List.of("key", "name", "type", "status"),
            "audit-events", List.of("created", "action", "actor", "location"));
    static final int MAX_COLUMNS = 8;

    /** The columns: preferred ones present in the page first, then other scalar fields in order of appearance. */
    static List<String> columns(String type, JsonNode items) {
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (JsonNode item : items) {
            item.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    seen.add(e.getKey());
                }
            });
        }
        java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
        PREFERRED.getOrDefault(type, List.of()).stream().filter(seen::contains).forEach(columns::add);
        seen.stream().filter(c -> !c.equals("tenantId")).forEach(columns::add);
        return columns.stream().limit(MAX_COLUMNS).toList();
    }

    private static List<List<String>> rows(JsonNode items, List<String> columns) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (JsonNode item : items) {
            rows.add(columns.stream().map(c -> item.path(c).isValueNode() && !item.path(c).isNull()
                    ? item.path(c).asText() : "").toList());
        }
        return rows;
    }

    private static String blank(String v) {
        return v == null || !v.matches("true|false") ? "" : v;
    }
}
