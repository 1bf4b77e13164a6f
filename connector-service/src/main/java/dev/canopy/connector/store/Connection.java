package dev.canopy.connector.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's connection to one Atlassian organization and its sites; secrets stay encrypted in this record. */
public record Connection(UUID id, String tenantId, String name, String orgId, String adminBaseUrl,
        String orgApiKeyEncrypted, List<Site> sites, String status, String lastError, int fullIntervalMinutes,
        int incrementalIntervalMinutes, String verificationJson, Instant verifiedAt, Instant createdAt,
        Instant updatedAt) {

    /** One site: its URL (https://name.atlassian.net or a path-prefixed equivalent), optional cloud id, credentials. */
    public record Site(String url, String siteId, String adminEmail, String apiTokenEncrypted) {
        /** The site's id in events: the configured cloud id, else its host name (or last path segment). */
        public String effectiveId() {
            if (siteId != null && !siteId.isBlank()) {
                return siteId;
            }
            java.net.URI u = java.net.URI.create(url);
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
            if (!path.isEmpty()) {
                return path.substring(path.lastIndexOf('/') + 1);
            }
            String host = u.getHost();
            return host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        }
    }

    public static final String CONNECTED = "connected";
    public static final String SYNCING = "syncing";
    public static final String ERROR = "error";
}
