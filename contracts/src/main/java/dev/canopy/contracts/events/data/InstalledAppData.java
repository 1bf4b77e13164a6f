package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;

/** A third-party app installed on a site (plugin manager listing, joined with the app's user when it has one). */
public record InstalledAppData(String siteId, String appKey, String name, String vendor, String version,
        boolean enabled, boolean userInstalled, List<String> scopes, String appAccountId, Instant installedAt)
        implements EntityData {
    public InstalledAppData {
        Required.text("siteId", siteId);
        Required.text("appKey", appKey);
        scopes = Required.list(scopes);
    }

    @Override
    public String entityId() {
        return siteId + ":" + appKey;
    }
}
