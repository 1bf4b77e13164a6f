package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.Map;

/** One organization audit log event (events-stream). */
public record AuditEventData(String eventId, String action, Instant created, String actorAccountId, String actorName,
        String ipAddress, String location, Map<String, Object> attributes) implements EntityData {
    public AuditEventData {
        Required.text("eventId", eventId);
        Required.text("action", action);
        attributes = attributes == null ? Map.of() : attributes;
    }

    @Override
    public String entityId() {
        return eventId;
    }
}
