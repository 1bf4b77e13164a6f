package dev.canopy.contracts.events.data;

/** A directory group. */
public record GroupData(String groupId, String name, String description, String managedBy, Long memberCount)
        implements EntityData {
    public GroupData {
        Required.text("groupId", groupId);
        Required.text("name", name);
    }

    @Override
    public String entityId() {
        return groupId;
    }
}
