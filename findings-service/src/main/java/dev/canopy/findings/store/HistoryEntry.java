package dev.canopy.findings.store;

import java.time.Instant;
import java.util.UUID;

/** One state change of a finding. {@code from} is null for the change that created it. */
public record HistoryEntry(UUID findingId, int seq, Instant at, FindingStatus from, FindingStatus to, String actor,
        String reason) {
}
