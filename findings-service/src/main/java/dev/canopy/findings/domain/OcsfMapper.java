package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;

/**
 * Turns a finding state change into an OCSF 1.8.0 record: Compliance Finding (2003) for posture, Data Security
 * Finding (2006) for DLP, Detection Finding (2004) for threat detections (actor, evidence and the triggering audit
 * events as related events). Evidence is already masked when it reaches a finding; nothing raw is added here.
 */
public final class OcsfMapper {
    public static final String PRODUCT = "Canopy";
    private static final List<String> STANDARDS = List.of("Canopy Atlassian Cloud baseline");

    private OcsfMapper() {
    }

    public static OcsfFinding map(FindingRow f, FindingActivity requested, UUID eventId, Instant at, String productVersion) {
        FindingActivity activity = requested.forKind(f.kind());
        int classUid = f.kind().ocsfClassUid();
        long typeUid = classUid * 100L + activity.id();
        var metadata = new OcsfFinding.Metadata(OcsfFinding.OCSF_VERSION,
                new OcsfFinding.Product(PRODUCT, PRODUCT, productVersion, "findings-service"), f.tenantId(),
                eventId.toString(), Topics.FINDINGS.name(), List.of(f.kind().label()));
        var analytic = new OcsfFinding.Analytic(1, "Rule", f.ruleId(), f.title(), f.kind().label());
        boolean detection = f.kind() == FindingKind.DETECTION;
        List<OcsfFinding.RelatedEvent> related = detection ? DetectionEvidence.relatedEvents(f.evidence()) : null;
        var info = new OcsfFinding.FindingInfo(f.id().toString(), f.title(), f.description(), List.of(f.kind().label()),
                analytic, millis(f.firstSeen()), millis(f.firstSeen()), millis(f.lastSeen()), millis(f.statusChangedAt()),
                f.srcUrl(), related, detection ? DetectionEvidence.eventCount(f.evidence()) : null);
        var resource = new OcsfFinding.ResourceDetails(f.resourceId(), f.resourceName() != null ? f.resourceName()
                : f.resourceId(), f.resourceType(), null, null);
        // Data Security Finding (2006) has no remediation attribute: there it travels in unmapped
        var remediation = f.remediation() == null || f.kind() == FindingKind.DLP ? null
                : new OcsfFinding.Remediation(f.remediation(), null);
        boolean open = f.status().active() || f.status() == FindingStatus.SUPPRESSED;
        var compliance = f.kind() == FindingKind.POSTURE
                ? new OcsfFinding.Compliance(f.ruleId(), STANDARDS, open ? "Fail" : "Pass", open ? 3 : 1, f.description())
                : null;
        var dataSecurity = f.kind() == FindingKind.DLP ? dataSecurity(f) : null;
        Integer confidenceId = f.kind() == FindingKind.DLP ? confidenceId(f.evidence().get("confidence")) : null;
        return new OcsfFinding(classUid, f.kind().ocsfClassName(), OcsfFinding.CATEGORY_FINDINGS, "Findings",
                activity.id(), activity.caption(), typeUid, f.kind().ocsfClassName() + ": " + activity.caption(),
                at.toEpochMilli(), f.severity().ocsfId(), f.severity().ocsfName(), f.status().ocsfStatusId(),
                f.status().ocsfStatus(), confidenceId, confidenceId == null ? null : confidenceCaption(confidenceId),
                confidenceScore(f.evidence().get("confidence")), message(f, activity),
                metadata, new OcsfFinding.Cloud("Atlassian", null, null), info, List.of(), List.of(resource),
                remediation, compliance, dataSecurity, unmapped(f), detection ? Boolean.TRUE : null,
                detection ? DetectionEvidence.actor(f.evidence()) : null,
                detection ? List.of(DetectionEvidence.evidence(f.evidence())) : null);
    }

    private static OcsfFinding.DataSecurity dataSecurity(FindingRow f) {
        Object category = f.evidence().get("category");
        boolean personal = category != null && category.toString().toLowerCase(java.util.Locale.ROOT).contains("pii");
        Object masked = f.evidence().get("maskedSnippet");
        return new OcsfFinding.DataSecurity(personal ? 1 : 99, personal ? "Personal" : "Other", 4,
                "Data Discovery & Classification", f.ruleId(), masked == null ? null : masked.toString(), 1,
                "Data at-Rest");
    }

    private static String message(FindingRow f, FindingActivity activity) {
        return switch (activity) {
            case CREATE -> f.title() + " on " + f.resourceType() + " " + nameOf(f);
            case CLOSE -> f.title() + " resolved on " + f.resourceType() + " " + nameOf(f);
            case SUPPRESSED -> f.title() + " suppressed on " + f.resourceType() + " " + nameOf(f);
            case UPDATE -> f.title() + " is " + f.status().label() + " on " + f.resourceType() + " " + nameOf(f);
        };
    }

    private static String nameOf(FindingRow f) {
        return f.resourceName() != null ? f.resourceName() : f.resourceId();
    }

    private static Map<String, Object> unmapped(FindingRow f) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("canopy_status", f.status().label());
        u.put("canopy_kind", f.kind().label());
        u.put("fingerprint", f.fingerprint());
        u.put("change_seq", f.changeSeq());
        if (f.suppressReason() != null) {
            u.put("suppress_reason", f.suppressReason());
        }
        if (f.suppressedUntil() != null) {
            u.put("suppressed_until", f.suppressedUntil().toString());
        }
        if (f.kind() == FindingKind.DLP && f.remediation() != null) {
            u.put("remediation", f.remediation());
        }
        if (!f.evidence().isEmpty()) {
            u.put("evidence", f.evidence());
        }
        return u;
    }

    /** DLP confidence (0..1 or 0..100) to OCSF confidence_id 1 Low, 2 Medium, 3 High. */
    static Integer confidenceId(Object confidence) {
        Integer score = confidenceScore(confidence);
        if (score == null) {
            return null;
        }
        return score >= 80 ? 3 : score >= 50 ? 2 : 1;
    }

    static Integer confidenceScore(Object confidence) {
        if (!(confidence instanceof Number n)) {
            return null;
        }
        double v = n.doubleValue();
        return (int) Math.round(v <= 1.0 ? v * 100 : v);
    }

    private static String confidenceCaption(int id) {
        return switch (id) {
            case 3 -> "High";
            case 2 -> "Medium";
            default -> "Low";
        };
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
