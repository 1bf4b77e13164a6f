package dev.canopy.contracts.events.data;

import java.util.Set;

public final class SyncModes {
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final Set<String> ALL = Set.of(FULL, INCREMENTAL);

    private SyncModes() {
    }
}
