package dev.canopy.contracts.events.data;

/**
 * A Jira project the connector's credentials can browse, with its lead and the permission scheme that governs it
 * ({@code /rest/api/3/project/search?expand=lead} and {@code /rest/api/3/project/{id}/permissionscheme}).
 */
public record JiraProjectData(String siteId, String projectId, String key, String name, String projectTypeKey,
        String leadAccountId, String permissionSchemeId, String permissionSchemeName) implements EntityData {
    public JiraProjectData {
        Required.text("siteId", siteId);
        Required.text("projectId", projectId);
        Required.text("key", key);
    }

    @Override
    public String entityId() {
        return siteId + ":" + projectId;
    }
}
