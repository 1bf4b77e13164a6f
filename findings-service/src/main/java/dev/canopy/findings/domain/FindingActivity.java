package dev.canopy.findings.domain;

import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingStatus;

/** OCSF activity of a finding state change. Compliance Finding (2003) has no "Suppressed": it reports an Update. */
public enum FindingActivity {
    CREATE(1, "Create"), UPDATE(2, "Update"), CLOSE(3, "Close"), SUPPRESSED(4, "Suppressed");

    private final int id;
    private final String caption;

    FindingActivity(int id, String caption) {
        this.id = id;
        this.caption = caption;
    }

    public FindingActivity forKind(FindingKind kind) {
        return this == SUPPRESSED && kind != FindingKind.DLP ? UPDATE : this;
    }

    public int id() {
        return id;
    }

    public String caption() {
        return caption;
    }

    /** The activity that a move from one state to another reports. */
    public static FindingActivity of(FindingStatus from, FindingStatus to) {
        if (from == null) {
            return CREATE;
        }
        return switch (to) {
            case RESOLVED -> CLOSE;
            case SUPPRESSED -> SUPPRESSED;
            default -> UPDATE;
        };
    }
}
