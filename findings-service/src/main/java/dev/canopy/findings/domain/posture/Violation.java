package dev.canopy.findings.domain.posture;

import java.util.Map;

/** One resource that fails a check, with the facts that show why (no secrets: posture inputs hold none). */
public record Violation(String resourceType, String resourceId, String resourceName, Map<String, Object> facts) {
    public static final String ORGANIZATION = "organization";

    public Violation {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** A violation of the organization as a whole (a missing setting, a ratio over a threshold). */
    public static Violation organization(Map<String, Object> facts) {
        return new Violation(ORGANIZATION, "organization", "Organization", facts);
    }
}
