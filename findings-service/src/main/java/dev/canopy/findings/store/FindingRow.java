package dev.canopy.findings.store;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A finding as stored, with its current lifecycle state. {@code changeSeq} counts its state changes. */
public record FindingRow(UUID id, String tenantId, String fingerprint, FindingKind kind, String ruleId, String title,
        FindingSeverity severity, FindingStatus status, String resourceType, String resourceId, String resourceName,
        String description, String remediation, Map<String, Object> evidence, String srcUrl, String suppressReason,
        String suppressedBy, Instant suppressedUntil, Instant firstSeen, Instant lastSeen, Instant statusChangedAt,
        int changeSeq) {

    public FindingRow withStatus(FindingStatus next, Instant at, String reason, String by, Instant until) {
        boolean suppressed = next == FindingStatus.SUPPRESSED;
        return new FindingRow(id, tenantId, fingerprint, kind, ruleId, title, severity, next, resourceType, resourceId,
                resourceName, description, remediation, evidence, srcUrl, suppressed ? reason : null,
                suppressed ? by : null, suppressed ? until : null, firstSeen, lastSeen, at, changeSeq + 1);
    }
}
