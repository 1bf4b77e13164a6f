package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A finding as stored, with its current lifecycle state. {@code changeSeq} counts its state changes. */
public record FindingRow(UUID id, String tenantId, String fingerprint, FindingKind kind, String ruleId, String title,
        FindingSeverity severity, FindingStatus status, String resourceType, String resourceId, String resourceName,
        String description, String remediation, Map<String, Object> evidence, String srcUrl, String suppressReason,
        String suppressedBy, Instant suppressedUntil, Instant firstSeen, Instant lastSeen, Instant statusChangedAt,
        int changeSeq) {

    public static FindingRow opened(UUID id, String tenantId, FindingDraft d, Instant at) {
        return new FindingRow(id, tenantId, d.fingerprint(), d.kind(), d.ruleId(), d.title(), d.severity(),
                FindingStatus.OPEN, d.resourceType(), d.resourceId(), d.resourceName(), d.description(),
                d.remediation(), d.evidence(), d.srcUrl(), null, null, null, at, at, at, 1);
    }

    /** The same finding seen again: refreshed facts, last seen moved on, state unchanged. */
    public FindingRow seenAgain(FindingDraft d, Instant at) {
        return new FindingRow(id, tenantId, fingerprint, kind, ruleId, d.title(), d.severity(), status, resourceType,
                resourceId, d.resourceName(), d.description(), d.remediation(), d.evidence(), d.srcUrl(),
                suppressReason, suppressedBy, suppressedUntil, firstSeen, at, statusChangedAt, changeSeq);
    }

    public FindingRow withStatus(FindingStatus next, Instant at, String reason, String by, Instant until) {
        boolean suppressed = next == FindingStatus.SUPPRESSED;
        return new FindingRow(id, tenantId, fingerprint, kind, ruleId, title, severity, next, resourceType, resourceId,
                resourceName, description, remediation, evidence, srcUrl, suppressed ? reason : null,
                suppressed ? by : null, suppressed ? until : null, firstSeen, lastSeen, at, changeSeq + 1);
    }
}
