package dev.canopy.findings.store;

import java.util.Locale;

/** Severity of a finding; {@link #ocsfId()} is OCSF's severity_id (1 Informational .. 5 Critical). */
public enum FindingSeverity {
    INFO(1, "Informational"), LOW(2, "Low"), MEDIUM(3, "Medium"), HIGH(4, "High"), CRITICAL(5, "Critical");

    private final int ocsfId;
    private final String ocsfName;

    FindingSeverity(int ocsfId, String ocsfName) {
        this.ocsfId = ocsfId;
        this.ocsfName = ocsfName;
    }

    public int ocsfId() {
        return ocsfId;
    }

    public String ocsfName() {
        return ocsfName;
    }

    /** Lower-case name used in the database and the REST API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One level lower (informational stays informational). */
    public FindingSeverity lower() {
        return this == INFO ? INFO : values()[ordinal() - 1];
    }

    public static FindingSeverity parse(String value) {
        for (FindingSeverity s : values()) {
            if (s.label().equalsIgnoreCase(value) || s.ocsfName.equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + value + "'; use one of info, low, medium, high, critical");
    }
}
