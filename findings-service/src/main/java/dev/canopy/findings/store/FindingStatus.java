package dev.canopy.findings.store;

import java.util.Locale;

/**
 * Lifecycle states. open → resolved (automatic, when an evaluation no longer reproduces it) → reopened (seen
 * again); open/reopened → suppressed (by a user, with reason and optional expiry) → open again when unsuppressed
 * or when the suppression expires.
 */
public enum FindingStatus {
    OPEN(1, "New"), REOPENED(1, "New"), SUPPRESSED(3, "Suppressed"), RESOLVED(4, "Resolved");

    private final int ocsfStatusId;
    private final String ocsfStatus;

    FindingStatus(int ocsfStatusId, String ocsfStatus) {
        this.ocsfStatusId = ocsfStatusId;
        this.ocsfStatus = ocsfStatus;
    }

    public int ocsfStatusId() {
        return ocsfStatusId;
    }

    public String ocsfStatus() {
        return ocsfStatus;
    }

    public boolean active() {
        return this == OPEN || this == REOPENED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FindingStatus parse(String value) {
        for (FindingStatus s : values()) {
            if (s.label().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + value + "'; use one of open, reopened, suppressed, resolved");
    }
}
