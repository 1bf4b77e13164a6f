package dev.canopy.notifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.ocsf.OcsfFinding;

/** OCSF finding records for tests, as the findings-service publishes them. */
public final class Findings {
    private Findings() {
    }

    public static OcsfFinding posture(String tenantId, String findingId, int severityId, String status, String ruleId) {
        return of(OcsfFinding.CLASS_COMPLIANCE_FINDING, tenantId, findingId, severityId, status, ruleId);
    }

    public static OcsfFinding dlp(String tenantId, String findingId, int severityId, String status, String ruleId) {
        return of(OcsfFinding.CLASS_DATA_SECURITY_FINDING, tenantId, findingId, severityId, status, ruleId);
    }

    static OcsfFinding of(int classUid, String tenantId, String findingId, int severityId, String status, String ruleId) {
        long t = Instant.now().toEpochMilli();
        boolean dlp = classUid == OcsfFinding.CLASS_DATA_SECURITY_FINDING;
        String name = dlp ? "Data Security Finding" : "Compliance Finding";
        return new OcsfFinding(classUid, name, 2, "Findings", 1, "Create", classUid * 100L + 1, name + ": Create", t,
                severityId, severityName(severityId), 1, status, 3, "High", 90, "Finding " + findingId,
                new OcsfFinding.Metadata("1.8.0", new OcsfFinding.Product("Canopy", "Canopy", "0.1.0", "canopy"),
                        tenantId, "ev-" + findingId, "findings", List.of()),
                new OcsfFinding.Cloud("Atlassian", new OcsfFinding.Organization("org-1", "Acme"), null),
                new OcsfFinding.FindingInfo(findingId, "Finding " + findingId, "desc", List.of(dlp ? "dlp" : "posture"),
                        new OcsfFinding.Analytic(1, "Rule", ruleId, ruleId, dlp ? "dlp" : "posture"), t, t, t, t, null),
                List.of(), List.of(new OcsfFinding.ResourceDetails("org-1", "Acme", "atlassian-organization", null, Map.of())),
                null, dlp ? null : new OcsfFinding.Compliance(ruleId, List.of("CIS"), "Fail", 3, null),
                dlp ? new OcsfFinding.DataSecurity(99, "Other", 1, "Canopy DLP", ruleId, "AKIA****", 1, "Data at-Rest") : null,
                Map.of());
    }

    static String severityName(int id) {
        return switch (id) {
            case 1 -> "Informational";
            case 2 -> "Low";
            case 3 -> "Medium";
            case 4 -> "High";
            case 5 -> "Critical";
            default -> "Unknown";
        };
    }
}
