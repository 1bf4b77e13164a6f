package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An organization audit-log event. {@code context} entries are the event's {@code attributes.context[]} objects
 * ({@code id}, {@code type}, {@code attributes}); {@code message} is the optional {@code message.content}. Location is
 * {@code attributes.location} ({@code ip}, {@code countryName}, {@code city}).
 */
public record SimEvent(String id, Instant time, String action, String actorId, String actorName, String actorEmail,
        String authType, String ip, String containerId, String country, String city, List<Map<String, Object>> context,
        String message) {

    /** An event from the org's home office (Germany) without context, as the generator has always produced. */
    public SimEvent(String id, Instant time, String action, String actorId, String actorName, String actorEmail,
            String authType, String ip, String containerId) {
        this(id, time, action, actorId, actorName, actorEmail, authType, ip, containerId, "Germany", null, List.of(), null);
    }
}
