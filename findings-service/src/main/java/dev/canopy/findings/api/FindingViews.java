package dev.canopy.findings.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.HistoryEntry;

/** JSON shapes of findings in the REST API. Evidence is masked at the source; nothing raw is ever stored. */
public final class FindingViews {
    private FindingViews() {
    }

    public record Resource(String type, String id, String name) {
    }

    public record Suppression(String reason, String by, Instant until) {
    }

    public record Summary(UUID id, String kind, String ruleId, String title, String severity, String status,
            Resource resource, Instant firstSeen, Instant lastSeen, Instant statusChangedAt, Suppression suppression) {
    }

    public record Change(int seq, Instant at, String from, String to, String actor, String reason) {
    }

    public record Detail(UUID id, String kind, String ruleId, String title, String severity, String status,
            Resource resource, String description, String remediation, Map<String, Object> evidence, String srcUrl,
            Instant firstSeen, Instant lastSeen, Instant statusChangedAt, Suppression suppression, List<Change> history) {
    }

    public static Summary summary(FindingRow f) {
        return new Summary(f.id(), f.kind().label(), f.ruleId(), f.title(), f.severity().label(), f.status().label(),
                resource(f), f.firstSeen(), f.lastSeen(), f.statusChangedAt(), suppression(f));
    }

    public static Detail detail(FindingRow f, List<HistoryEntry> history) {
        return new Detail(f.id(), f.kind().label(), f.ruleId(), f.title(), f.severity().label(), f.status().label(),
                resource(f), f.description(), f.remediation(), f.evidence(), f.srcUrl(), f.firstSeen(), f.lastSeen(),
                f.statusChangedAt(), suppression(f), history.stream().map(h -> new Change(h.seq(), h.at(),
                        h.from() == null ? null : h.from().label(), h.to().label(), h.actor(), h.reason())).toList());
    }

    private static Resource resource(FindingRow f) {
        return new Resource(f.resourceType(), f.resourceId(), f.resourceName());
    }

    private static Suppression suppression(FindingRow f) {
        return f.suppressReason() == null ? null : new Suppression(f.suppressReason(), f.suppressedBy(), f.suppressedUntil());
    }
}
