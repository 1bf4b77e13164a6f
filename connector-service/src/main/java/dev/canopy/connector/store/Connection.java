package dev.canopy.connector.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's connection to one Atlassian organization and its sites; secrets stay encrypted in this record.
 * {@code verificationRequestedAt} is set while a verification is queued or running (then {@code verificationRunning}
 * says a worker holds it); {@code verificationJson} and {@code verifiedAt} are the last completed verification's.
 * {@code pollIntervalSeconds} is how often its change feeds are polled (0: never), {@code lastPolledAt} the last poll.
 * {@code historyMaxVersions} is how many earlier versions of each page the history scan reads (null: the deployment
 * default, 0: off).
 */
public record Connection(UUID id, String tenantId, String name, String orgId, String adminBaseUrl,
        String orgApiKeyEncrypted, List<Site> sites, String status, String lastError, int fullIntervalMinutes,
        int incrementalIntervalMinutes, String verificationJson, Instant verifiedAt, Instant createdAt,
        Instant updatedAt, Instant verificationRequestedAt, boolean verificationRunning, int pollIntervalSeconds,
        Instant lastPolledAt, Integer historyMaxVersions) {

    /** This connection with other (re-encrypted) credentials, everything else unchanged. */
    public Connection withCredentials(String orgApiKeyEncrypted, List<Site> sites) {
        return new Connection(id, tenantId, name, orgId, adminBaseUrl, orgApiKeyEncrypted, sites, status, lastError,
                fullIntervalMinutes, incrementalIntervalMinutes, verificationJson, verifiedAt, createdAt, updatedAt,
                verificationRequestedAt, verificationRunning, pollIntervalSeconds, lastPolledAt, historyMaxVersions);
    }

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

    /** Created, first verification not completed yet. */
    public static final String PENDING = "pending";
    public static final String CONNECTED = "connected";
    public static final String SYNCING = "syncing";
    public static final String ERROR = "error";
}
