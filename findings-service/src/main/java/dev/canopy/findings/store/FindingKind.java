package dev.canopy.findings.store;

import java.util.Locale;

import dev.canopy.contracts.ocsf.OcsfFinding;

/** What produced a finding; decides its OCSF class. */
public enum FindingKind {
    POSTURE(OcsfFinding.CLASS_COMPLIANCE_FINDING, "Compliance Finding"),
    DLP(OcsfFinding.CLASS_DATA_SECURITY_FINDING, "Data Security Finding"),
    DETECTION(OcsfFinding.CLASS_DETECTION_FINDING, "Detection Finding");

    private final int ocsfClassUid;
    private final String ocsfClassName;

    FindingKind(int ocsfClassUid, String ocsfClassName) {
        this.ocsfClassUid = ocsfClassUid;
        this.ocsfClassName = ocsfClassName;
    }

    public int ocsfClassUid() {
        return ocsfClassUid;
    }

    public String ocsfClassName() {
        return ocsfClassName;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FindingKind parse(String value) {
        for (FindingKind k : values()) {
            if (k.label().equalsIgnoreCase(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + value + "'; use posture, dlp or detection");
    }
}
