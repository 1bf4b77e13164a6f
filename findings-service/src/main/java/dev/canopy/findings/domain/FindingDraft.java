package dev.canopy.findings.domain;

import java.util.Map;

/**
 * What an evaluation or a scan observed, before the lifecycle decides whether it is new, seen again or reopened.
 * {@code evidence} holds masked facts only (never a raw secret).
 */
public record FindingDraft(String fingerprint, FindingKind kind, String ruleId, String title, FindingSeverity severity,
        String resourceType, String resourceId, String resourceName, String description, String remediation,
        Map<String, Object> evidence, String srcUrl) {
    public FindingDraft {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }
}
