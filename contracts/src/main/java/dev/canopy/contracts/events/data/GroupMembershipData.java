package dev.canopy.contracts.events.data;

import java.util.List;

/**
 * The complete member set of one group as seen by one sync, possibly split over several ordered parts
 * (all parts share {@code snapshotId}; {@code part} counts from 0 to {@code parts - 1}). A consumer replaces the
 * group's members once it has the last part, so members that left are removed.
 */
public record GroupMembershipData(String groupId, String snapshotId, int part, int parts, List<String> memberAccountIds)
        implements EntityData, MemberSnapshot {
    public GroupMembershipData {
        Required.text("groupId", groupId);
        Required.text("snapshotId", snapshotId);
        Required.parts(part, parts);
        memberAccountIds = Required.list(memberAccountIds);
    }

    @Override
    public String entityId() {
        return groupId;
    }
}
