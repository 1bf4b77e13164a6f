package dev.canopy.contracts.events.data;

import java.util.List;

/** A Confluence space with its permissions (v2 space permissions and access-class role assignments; v1 as a fallback). */
public record ConfluenceSpaceData(String siteId, String spaceId, String key, String name, String type, String status,
        boolean anonymousAccess, boolean unlicensedAccess, List<SpacePermission> permissions) implements EntityData {
    public ConfluenceSpaceData {
        Required.text("siteId", siteId);
        Required.text("spaceId", spaceId);
        Required.text("key", key);
        permissions = Required.list(permissions);
    }

    @Override
    public String entityId() {
        return siteId + ":" + spaceId;
    }

    /** principalType: user, group, role (v2), anonymous, unlicensed; operation {@code key:targetType}, e.g. "read:space", "create:page". */
    public record SpacePermission(String principalType, String principalId, String operation) {
    }
}
