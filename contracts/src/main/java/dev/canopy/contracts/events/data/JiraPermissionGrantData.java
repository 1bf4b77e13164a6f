package dev.canopy.contracts.events.data;

/** One grant of a Jira permission scheme; {@code holderType} "anyone" means anonymous access. */
public record JiraPermissionGrantData(String siteId, String schemeId, String schemeName, String grantId,
        String permission, String holderType, String holderParameter) implements EntityData {
    public JiraPermissionGrantData {
        Required.text("siteId", siteId);
        Required.text("schemeId", schemeId);
        Required.text("grantId", grantId);
        Required.text("permission", permission);
        Required.text("holderType", holderType);
    }

    @Override
    public String entityId() {
        return siteId + ":" + schemeId + ":" + grantId;
    }
}
