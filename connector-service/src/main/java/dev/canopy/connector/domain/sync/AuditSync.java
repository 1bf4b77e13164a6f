package dev.canopy.connector.domain.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.contracts.events.data.AuditEventData;

/**
 * Organization audit events from the events stream, resumed from the stored cursor (the stream keeps its order in
 * the cursor and hands out a cursor at the end to poll for newer events). The first run reads the last 30 days.
 */
@ApplicationScoped
public class AuditSync implements ResourceSync {
    static final String CHECKPOINT = "audit-events";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Emitters emitters;

    public AuditSync(Emitters emitters) {
        this.emitters = emitters;
    }

    @Override
    public String name() {
        return "audit-events";
    }

    /** The events stream resumes from its cursor: one request when nothing happened. */
    @Override
    public boolean polled() {
        return true;
    }

    @Override
    public void sync(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "audit-event");
        String base = ctx.adminApi() + "/admin/v1/orgs/" + ctx.connection().orgId() + "/events-stream?limit=200&sortOrder=asc";
        String cursor = emitters.state().checkpoint(ctx.connection().id(), CHECKPOINT).orElse(null);
        String url = cursor != null ? Json.withParam(base, "cursor", cursor)
                : Json.withParam(base, "from", String.valueOf(Instant.now().minus(Duration.ofDays(30)).toEpochMilli()));
        while (url != null) {
            JsonNode page = ctx.api().getJson(ctx.adminApi(), url, ctx.admin());
            JsonNode data = Json.array(page, "data", "audit events");
            for (JsonNode e : data) {
                emitter.offer(event(e));
            }
            ctx.countEntities("audit-events", data.size());
            String next = Json.text(page.path("meta"), "next");
            if (next == null) {
                next = Json.text(page.path("links"), "next");
            }
            if (next != null && !next.isBlank()) {
                // the stream's cursor, whether sent bare or inside a link
                String c = next.contains("cursor=") ? next.replaceAll(".*[?&]cursor=([^&]*).*", "$1") : next;
                emitter.checkpoint(CHECKPOINT, java.net.URLDecoder.decode(c, java.nio.charset.StandardCharsets.UTF_8));
            }
            emitter.flush();
            url = data.isEmpty() || next == null || next.isBlank() ? null : Json.next(ctx.adminApi(), base, next);
        }
    }

    @SuppressWarnings("unchecked")
    static AuditEventData event(JsonNode e) {
        JsonNode a = e.path("attributes");
        JsonNode actor = a.path("actor");
        JsonNode location = a.path("location");
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String f : new String[] {"context", "container"}) {
            if (a.has(f)) {
                attributes.put(f, MAPPER.convertValue(a.get(f), Object.class));
            }
        }
        if (actor.has("auth")) {
            attributes.put("auth", MAPPER.convertValue(actor.get("auth"), Map.class));
        }
        String place = Json.text(location, "countryName");
        return new AuditEventData(Json.text(e, "id"), Json.text(a, "action"), Json.time(a, "time"),
                Json.text(actor, "id"), Json.text(actor, "name"), Json.text(location, "ip"), place, attributes);
    }
}
