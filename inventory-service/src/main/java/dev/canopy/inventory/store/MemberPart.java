package dev.canopy.inventory.store;

import java.time.Instant;
import java.util.List;

import dev.canopy.contracts.events.data.MemberSnapshot;

/** One part of a group's or team's complete member set. {@code kind} is "group" or "team". */
public record MemberPart(String tenantId, String kind, String containerId, Instant observedAt, String snapshotId,
        boolean lastPart, List<String> memberAccountIds) {

    public static MemberPart of(String tenantId, String kind, String containerId, Instant observedAt, MemberSnapshot s) {
        return new MemberPart(tenantId, kind, containerId, observedAt, s.snapshotId(), s.lastPart(),
                s.memberAccountIds());
    }
}
