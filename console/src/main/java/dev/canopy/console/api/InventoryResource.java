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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.EventType;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * Inventory lists (users with MFA/admin/dormant/managed filters, groups, teams, apps, API tokens, spaces, Jira
 * permission grants, audit events) and each entity's change history.
 */
@Path("/inventory")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class InventoryResource {
    /** Page name → the inventory endpoint it lists. */
    static final Map<String, String> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("users", "/api/v1/users");
        TYPES.put("groups", "/api/v1/groups");
        TYPES.put("teams", "/api/v1/teams");
        TYPES.put("apps", "/api/v1/installed-apps");
        TYPES.put("api-tokens", "/api/v1/api-tokens");
        TYPES.put("spaces", "/api/v1/confluence-spaces");
        TYPES.put("jira-grants", "/api/v1/jira-permission-grants");
        TYPES.put("audit-events", "/api/v1/audit-events");
    }

    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("inventory.html")
    Template page;
    @Inject
    @Location("inventory-history.html")
    Template historyPage;

    /**
     * Page name → the inventory's entity type; an entity's id is its contract's {@code entityId()}. Audit events have
     * no history.
     */
    static final Map<String, EventType> ENTITY = Map.of(
            "users", EventType.USER,
            "groups", EventType.GROUP,
            "teams", EventType.TEAM,
            "apps", EventType.INSTALLED_APP,
            "api-tokens", EventType.API_TOKEN,
            "spaces", EventType.CONFLUENCE_SPACE,
            "jira-grants", EventType.JIRA_PERMISSION_GRANT);
    static final int HISTORY_PAGE = 50;
    /** Longest old/new value shown per changed field (values come from synced data). */
    static final int MAX_VALUE = 200;

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
        List<String> cols = columns(t, items);
        return page.data("s", s).data("nav", "inventory").data("type", t).data("types", List.copyOf(TYPES.keySet()))
                .data("f", filters).data("columns", cols).data("rows", rows(items, cols))
                .data("entityType", ENTITY.containsKey(t) ? ENTITY.get(t).entity() : null)
                .data("ids", ids(t, items))
                .data("next", next == null ? null : Pages.link("/inventory", filters, "cursor", next))
                .data("first", cursor == null ? null : Pages.link("/inventory", filters, null, null));
    }

    /** Columns shown first per type when the entities have them; other scalar fields fill up to {@link #MAX_COLUMNS}. */
    static final Map<String, List<String>> PREFERRED = Map.of(
            "users", List.of("displayName", "email", "status", "accountType", "managed", "mfaEnabled", "lastActive"),
            "groups", List.of("name", "description", "memberCount"),
            "apps", List.of("name", "appKey", "vendor", "enabled", "userInstalled", "version"),
            "api-tokens", List.of("label", "accountId", "createdAt", "lastAccess", "expiresAt"),
            "spaces", List.of("key", "name", "type", "status"),
            "teams", List.of("displayName", "state", "teamType", "description"),
            "jira-grants", List.of("schemeName", "permission", "holderType", "holderParameter", "siteId"),
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

    /** Each listed entity's id in the inventory (null where it has no history or the item is not a valid entity). */
    static List<String> ids(String type, JsonNode items) {
        List<String> out = new java.util.ArrayList<>();
        EventType entity = ENTITY.get(type);
        for (JsonNode item : items) {
            String id = null;
            if (entity != null) {
                try {
                    id = EventJson.mapper().treeToValue(item, entity.dataClass()).entityId();
                } catch (JsonProcessingException | RuntimeException e) {
                    // a field the entity's id is made of is missing: no history link for this row
                }
            }
            out.add(id);
        }
        return out;
    }

    /** One changed field of a history entry: name with old and new value (personal fields have no values). */
    public record FieldChange(String field, String from, String to) {
    }

    public record HistoryEntry(String change, String observedAt, String recordedAt, List<FieldChange> fields) {
    }

    /** An entity's change history (the inventory's {@code /entities/{type}/{id}/history}), newest first. */
    @GET
    @Path("history")
    public TemplateInstance history(@QueryParam("type") String type, @QueryParam("id") String id,
            @QueryParam("cursor") String cursor) {
        ConsoleSession s = user.session();
        boolean known = ENTITY.values().stream().anyMatch(e -> e.entity().equals(type));
        if (!known || id == null || id.isBlank() || id.length() > 200) {
            throw new ConsoleError(404, "No such inventory entity", "Open the history from a row of an inventory "
                    + "list (users, groups, teams, apps, API tokens, spaces, Jira grants).");
        }
        JsonNode answer = platform.get(s, Platform.INVENTORY, "/api/v1/entities/" + Platform.segment(type) + "/"
                + Platform.segment(id) + "/history", Platform.query("cursor", cursor, "limit",
                        String.valueOf(HISTORY_PAGE)));
        JsonNode entity = platform.get(s, Platform.INVENTORY, "/api/v1/entities/" + Platform.segment(type) + "/"
                + Platform.segment(id), null);
        List<HistoryEntry> entries = new java.util.ArrayList<>();
        for (JsonNode h : answer.path("items")) {
            List<FieldChange> fields = new java.util.ArrayList<>();
            h.path("changedFields").forEach(f -> {
                JsonNode c = h.path("changes").path(f.asText());
                fields.add(new FieldChange(f.asText(), value(c.path("old")), value(c.path("new"))));
            });
            entries.add(new HistoryEntry(h.path("change").asText(""), h.path("observedAt").asText(""),
                    h.path("recordedAt").asText(""), fields));
        }
        String next = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
        Map<String, String> here = new LinkedHashMap<>();
        here.put("type", type);
        here.put("id", id);
        String name = entity.path("displayName").asText(entity.path("name").asText(entity.path("label").asText(id)));
        return historyPage.data("s", s).data("nav", "inventory").data("type", type).data("id", id).data("name", name)
                .data("entries", entries).data("deleted", entity.path("deleted").asBoolean(false))
                .data("next", next == null ? null : Pages.link("/inventory/history", here, "cursor", next));
    }

    private static String value(JsonNode v) {
        if (v.isMissingNode()) {
            return "";
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "…" : text;
    }

    private static String blank(String v) {
        return v == null || !v.matches("true|false") ? "" : v;
    }
}
