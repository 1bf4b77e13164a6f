package dev.canopy.contracts.events.data;

import java.util.Set;

/**
 * How a sync run reads its source: {@code full} lists everything (and reports what vanished), {@code incremental}
 * re-reads every resource but content only since its checkpoint, {@code poll} asks only the change feeds (content
 * changes, audit events) and is the continuous, about once a minute, detection path. A poll run announces nothing
 * when it found nothing: it publishes no sync-run-started, and sync-run-completed only when it emitted events.
 */
public final class SyncModes {
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String POLL = "poll";
    public static final Set<String> ALL = Set.of(FULL, INCREMENTAL, POLL);

    private SyncModes() {
    }
}
