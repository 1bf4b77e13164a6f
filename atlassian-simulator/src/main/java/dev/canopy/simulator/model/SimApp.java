package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.List;

/**
 * An app installed on one product of a site ({@code product} {@code jira} or {@code confluence}: listed by that
 * product's plugin manager), with its bot user ({@code accountType: app}). {@code scopes} and {@code installedAt} are
 * simulator bookkeeping only: the plugin manager listing real Cloud answers has neither, so they are never served.
 */
public record SimApp(String key, String name, String vendor, String vendorUrl, String version, boolean userInstalled,
        boolean enabled, List<String> scopes, String appUserAccountId, Instant installedAt, String installedBy,
        String product) {
}
