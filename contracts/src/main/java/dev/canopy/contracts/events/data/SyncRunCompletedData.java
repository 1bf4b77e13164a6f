package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sync run ended. Published only after every event of the run was acknowledged by Kafka, so
 * {@code eventCounts} (events emitted per event type name) lets consumers tell when they have seen the whole run.
 * {@code status}: succeeded, partial (some resources failed), failed or cancelled.
 */
public record SyncRunCompletedData(String runId, String connectionId, String mode, String status, Instant startedAt,
        Instant completedAt, Map<String, Long> entityCounts, Map<String, Long> eventCounts, List<String> errors)
        implements EntityData {
    public SyncRunCompletedData {
        Required.text("runId", runId);
        Required.text("connectionId", connectionId);
        Required.oneOf("mode", mode, SyncModes.ALL);
        Required.text("status", status);
        entityCounts = entityCounts == null ? Map.of() : entityCounts;
        eventCounts = eventCounts == null ? Map.of() : eventCounts;
        errors = Required.list(errors);
    }

    @Override
    public String entityId() {
        return runId;
    }

    /** A full run that succeeded tells consumers that everything it did not report is gone. */
    public boolean completeSnapshot() {
        return SyncModes.FULL.equals(mode) && "succeeded".equals(status);
    }
}
