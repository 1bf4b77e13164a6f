package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;

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

    /** A finding first observed now: open. */
    public FindingRow opened(UUID id, String tenantId, Instant at) {
        return new FindingRow(id, tenantId, fingerprint, kind, ruleId, title, severity, FindingStatus.OPEN, resourceType,
                resourceId, resourceName, description, remediation, evidence, srcUrl, null, null, null, at, at, at, 1);
    }

    /** {@code row} seen again: refreshed facts, last seen moved on, state unchanged. */
    public FindingRow seenAgain(FindingRow row, Instant at) {
        return new FindingRow(row.id(), row.tenantId(), row.fingerprint(), row.kind(), row.ruleId(), title, severity,
                row.status(), row.resourceType(), row.resourceId(), resourceName, description, remediation, evidence,
                srcUrl, row.suppressReason(), row.suppressedBy(), row.suppressedUntil(), row.firstSeen(), at,
                row.statusChangedAt(), row.changeSeq());
    }
}
