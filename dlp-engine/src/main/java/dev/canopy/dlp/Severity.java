package dev.canopy.dlp;

/** Severity of a finding (maps to OCSF severity_id 2..5). */
public enum Severity {
    LOW(2), MEDIUM(3), HIGH(4), CRITICAL(5);

    private final int ocsfId;

    Severity(int ocsfId) {
        this.ocsfId = ocsfId;
    }

    public int ocsfId() {
        return ocsfId;
    }
}
