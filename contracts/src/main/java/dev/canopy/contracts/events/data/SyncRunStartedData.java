package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;

/** A sync run of one connection started; {@code mode} is full or incremental. */
public record SyncRunStartedData(String runId, String connectionId, String mode, Instant startedAt,
        List<String> resources) implements EntityData {
    public SyncRunStartedData {
        Required.text("runId", runId);
        Required.text("connectionId", connectionId);
        Required.oneOf("mode", mode, SyncModes.ALL);
        resources = Required.list(resources);
    }

    @Override
    public String entityId() {
        return runId;
    }
}
