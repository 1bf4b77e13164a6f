package dev.canopy.connector.store;

import java.time.Instant;
import java.util.UUID;

/** One sync run as recorded: metrics (per-resource counts, requests, 429s, ...) and errors are JSON documents. */
public record SyncRun(UUID id, String tenantId, UUID connectionId, String mode, String trigger, String status,
        boolean cancelRequested, Instant requestedAt, Instant startedAt, Instant completedAt, String metricsJson,
        String errorsJson) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
}
