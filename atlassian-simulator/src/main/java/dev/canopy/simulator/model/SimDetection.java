package dev.canopy.simulator.model;

import java.util.List;

/**
 * A threat detection the audit stream must raise: which rule ({@code detectionId}), whose activity and the audit
 * event ids that trigger it (for windowed rules all events of the window). Recorded when risky activity is generated
 * or triggered through the control API; benign noise records none.
 */
public record SimDetection(String detectionId, String actorAccountId, List<String> eventIds) {
}
