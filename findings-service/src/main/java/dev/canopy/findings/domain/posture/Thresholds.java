package dev.canopy.findings.domain.posture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds one tenant's evaluation uses: catalogue defaults overridden by the tenant's configuration.
 * {@link #validate} rejects unknown names and values of the wrong type so a bad configuration never reaches a check.
 */
public final class Thresholds {
    public static final ThresholdDefinition DORMANT_USER_DAYS = new ThresholdDefinition("dormantUserDays",
            "Days without activity after which an active managed account counts as dormant", 90);
    public static final ThresholdDefinition STALE_TOKEN_DAYS = new ThresholdDefinition("staleTokenDays",
            "Days without use after which an API token or org API key counts as stale", 90);
    public static final ThresholdDefinition TOKEN_EXPIRING_SOON_DAYS = new ThresholdDefinition("tokenExpiringSoonDays",
            "Days before expiry from which an API token counts as expiring soon", 14);
    public static final ThresholdDefinition ORG_API_KEY_MAX_AGE_DAYS = new ThresholdDefinition("orgApiKeyMaxAgeDays",
            "Maximum age in days of an organization API key before it should be rotated", 180);
    public static final ThresholdDefinition MFA_MISSING_MAX_PERCENT = new ThresholdDefinition("mfaMissingMaxPercent",
            "Highest acceptable share (percent) of active managed users without two-step verification", 10);
    public static final ThresholdDefinition MAX_ORG_ADMINS = new ThresholdDefinition("maxOrgAdmins",
            "Most organization admins before the count itself is a risk", 5);
    public static final ThresholdDefinition NEW_APP_DAYS = new ThresholdDefinition("newAppDays",
            "An app installed within this many days is reported for review", 7);
    public static final ThresholdDefinition MAX_IDLE_SESSION_MINUTES = new ThresholdDefinition("maxIdleSessionMinutes",
            "Longest acceptable idle session duration of an authentication policy, in minutes", 1440);
    public static final ThresholdDefinition APP_VENDOR_ALLOWLIST = new ThresholdDefinition("appVendorAllowlist",
            "Vendors whose apps may be installed; empty switches the vendor check off", List.of());
    public static final ThresholdDefinition BROAD_APP_SCOPES = new ThresholdDefinition("broadAppScopes",
            "App scopes (exact names, case-insensitive) that make an app's access broad",
            List.of("ADMIN", "ACT_AS_USER", "DELETE"));
    public static final ThresholdDefinition ADMIN_JIRA_PERMISSIONS = new ThresholdDefinition("adminJiraPermissions",
            "Jira permissions too powerful to grant to every logged-in user",
            List.of("ADMINISTER_PROJECTS", "ADMINISTER", "SYSTEM_ADMIN", "DELETE_ISSUES", "DELETE_ALL_COMMENTS"));

    public static final List<ThresholdDefinition> ALL = List.of(DORMANT_USER_DAYS, STALE_TOKEN_DAYS,
            TOKEN_EXPIRING_SOON_DAYS, ORG_API_KEY_MAX_AGE_DAYS, MFA_MISSING_MAX_PERCENT, MAX_ORG_ADMINS, NEW_APP_DAYS,
            MAX_IDLE_SESSION_MINUTES, APP_VENDOR_ALLOWLIST, BROAD_APP_SCOPES, ADMIN_JIRA_PERMISSIONS);

    private final Map<String, Object> values;

    private Thresholds(Map<String, Object> values) {
        this.values = values;
    }

    public static Thresholds defaults() {
        return of(Map.of());
    }

    /** Defaults overridden by {@code overrides} (validated). */
    public static Thresholds of(Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (ThresholdDefinition d : ALL) {
            merged.put(d.name(), d.defaultValue());
        }
        merged.putAll(validate(overrides));
        return new Thresholds(Map.copyOf(merged));
    }

    /** Checks names and types; numbers become longs, lists become lists of strings. Throws with the field named. */
    public static Map<String, Object> validate(Map<String, Object> overrides) {
        Map<String, Object> clean = new LinkedHashMap<>();
        for (var e : overrides.entrySet()) {
            ThresholdDefinition d = ALL.stream().filter(t -> t.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new InvalidThresholdException(e.getKey(), "unknown threshold"));
            Object v = e.getValue();
            if (d.isList()) {
                if (!(v instanceof Collection<?> c) || c.stream().anyMatch(x -> !(x instanceof String))) {
                    throw new InvalidThresholdException(d.name(), "must be a list of strings");
                }
                clean.put(d.name(), c.stream().map(String.class::cast).toList());
            } else {
                if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
                    throw new InvalidThresholdException(d.name(), "must be a whole number >= 0");
                }
                clean.put(d.name(), n.longValue());
            }
        }
        return clean;
    }

    public long number(ThresholdDefinition d) {
        return ((Number) values.get(d.name())).longValue();
    }

    public List<String> lowerCaseList(ThresholdDefinition d) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) values.get(d.name())) {
            out.add(o.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (ThresholdDefinition d : ALL) {
            ordered.put(d.name(), values.get(d.name()));
        }
        return ordered;
    }

    /** A threshold value that cannot be used, naming the field. */
    public static final class InvalidThresholdException extends IllegalArgumentException {
        private final String field;

        public InvalidThresholdException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
