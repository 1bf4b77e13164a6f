package dev.canopy.simulator.model;

/**
 * A Jira project. {@code browsable} is whether the site credentials the connector uses hold the Browse Projects
 * permission in it: Jira administrators do not get it implicitly, so an admin's API token can miss whole projects —
 * they are then absent from {@code project/search} and from JQL results, and their issues answer 404.
 */
public final class SimProject {
    public final long id;
    public final String key;
    public final String name;
    public final String leadAccountId;
    public final long permissionSchemeId;
    public volatile boolean browsable = true;

    public SimProject(long id, String key, String name, String leadAccountId, long permissionSchemeId) {
        this.id = id;
        this.key = key;
        this.name = name;
        this.leadAccountId = leadAccountId;
        this.permissionSchemeId = permissionSchemeId;
    }
}
