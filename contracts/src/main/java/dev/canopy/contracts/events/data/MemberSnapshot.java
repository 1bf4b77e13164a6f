package dev.canopy.contracts.events.data;

import java.util.List;

/** One part of a complete member set (group or team). */
public interface MemberSnapshot {
    String snapshotId();

    int part();

    int parts();

    List<String> memberAccountIds();

    default boolean lastPart() {
        return part() == parts() - 1;
    }
}
