package dev.canopy.simulator.model;

import java.time.Instant;

/** An organization audit-log event. */
public record SimEvent(String id, Instant time, String action, String actorId, String actorName, String actorEmail,
        String authType, String ip, String containerId) {
}
