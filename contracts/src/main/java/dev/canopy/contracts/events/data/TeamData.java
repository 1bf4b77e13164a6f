package dev.canopy.contracts.events.data;

/** An Atlassian team (Teams API). */
public record TeamData(String teamId, String displayName, String description, String state, String teamType)
        implements EntityData {
    public TeamData {
        Required.text("teamId", teamId);
    }

    @Override
    public String entityId() {
        return teamId;
    }
}
