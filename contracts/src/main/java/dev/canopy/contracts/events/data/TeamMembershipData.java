package dev.canopy.contracts.events.data;

import java.util.List;

/** The complete member set of one team, in ordered parts; see {@link GroupMembershipData}. */
public record TeamMembershipData(String teamId, String snapshotId, int part, int parts, List<String> memberAccountIds)
        implements EntityData, MemberSnapshot {
    public TeamMembershipData {
        Required.text("teamId", teamId);
        Required.text("snapshotId", snapshotId);
        Required.parts(part, parts);
        memberAccountIds = Required.list(memberAccountIds);
    }

    @Override
    public String entityId() {
        return teamId;
    }
}
