package dev.canopy.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjIntConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;

import dev.canopy.contracts.events.EventCodec;

import dev.canopy.contracts.ocsf.OcsfFinding;

/**
 * OCSF finding records for tests, as the findings-service publishes them on {@code canopy.findings.v1} (the
 * notifier's tests and the e2e notifier benchmark produce them directly).
 */
public final class OcsfFindings {
    private OcsfFindings() {
    }

    /**
     * Produces {@code n} posture findings with ids {@code prefix-0 … prefix-(n-1)} at {@code rate} per second,
     * round-robin over {@code tenants} (the benchmarks' offered load); {@code onSend} gets each id and its index right
     * before its send. Flushes before it returns.
     */
    public static void producePaced(KafkaProducer<String, byte[]> producer, List<String> tenants, String prefix, int n,
            int rate, ObjIntConsumer<String> onSend) {
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id = prefix + "-" + i;
            String tenant = tenants.get(i % tenants.size());
            var ce = EventCodec.encode(tenant, "/canopy/bench", null, null, Instant.now(), posture(tenant, id, 3, "New", "r-1"));
            onSend.accept(id, i);
            producer.send(EventCodec.toRecord(ce));
        }
        producer.flush();
    }

    public static OcsfFinding posture(String tenantId, String findingId, int severityId, String status, String ruleId) {
        return of(OcsfFinding.CLASS_COMPLIANCE_FINDING, tenantId, findingId, severityId, status, ruleId);
    }

    public static OcsfFinding dlp(String tenantId, String findingId, int severityId, String status, String ruleId) {
        return of(OcsfFinding.CLASS_DATA_SECURITY_FINDING, tenantId, findingId, severityId, status, ruleId);
    }

    public static OcsfFinding of(int classUid, String tenantId, String findingId, int severityId, String status, String ruleId) {
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
