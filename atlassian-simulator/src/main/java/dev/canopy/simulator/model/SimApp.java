package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.List;

/** An app installed on a site, as the plugin manager lists it, with its bot user ({@code accountType: app}). */
public record SimApp(String key, String name, String vendor, String vendorUrl, String version, boolean userInstalled,
        boolean enabled, List<String> scopes, String appUserAccountId, Instant installedAt, String installedBy) {

    public boolean hasBroadScopes() {
        return scopes.contains("ADMIN") || scopes.contains("ACT_AS_USER") || scopes.contains("DELETE");
    }
}
