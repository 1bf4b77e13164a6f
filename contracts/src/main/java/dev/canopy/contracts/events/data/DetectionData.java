package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A threat detection raised by the detection processor from organization audit events (findings-service turns each
 * into a Detection Finding). {@code detectionId} is stable for one occurrence (the rule plus the first triggering
 * event), so a detection emitted again after a restart is recognised as the same one. {@code eventIds} are the
 * triggering audit event ids (at most {@link #MAX_EVENT_IDS}; {@code eventCount} counts them all), {@code facts} the
 * rule's observations (countries, scopes, policy type, threshold) and {@code target} what was acted on.
 */
public record DetectionData(String detectionId, String ruleId, String actorAccountId, String actorName, String action,
        Instant firstEventAt, Instant lastEventAt, List<String> eventIds, int eventCount, String ipAddress,
        String location, Target target, Map<String, Object> facts) implements EntityData {
    public static final int MAX_EVENT_IDS = 100;

    public DetectionData {
        Required.text("detectionId", detectionId);
        Required.text("ruleId", ruleId);
        Required.text("action", action);
        eventIds = Required.list(eventIds);
        if (eventIds.isEmpty() || eventIds.size() > MAX_EVENT_IDS) {
            throw new IllegalArgumentException("eventIds must name 1.." + MAX_EVENT_IDS + " audit events");
        }
        if (eventCount < eventIds.size()) {
            throw new IllegalArgumentException("eventCount is lower than the number of event ids");
        }
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** What the detected action was about (a user, a policy, an app, a space ...); type and id may be null. */
    public record Target(String type, String id, String name) {
    }

    @Override
    public String entityId() {
        return detectionId;
    }
}
