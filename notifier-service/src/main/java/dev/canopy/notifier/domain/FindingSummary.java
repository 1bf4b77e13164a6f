package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.Locale;

import dev.canopy.contracts.ocsf.OcsfFinding;

/** What subscriptions filter on and payloads carry, taken from an OCSF finding record. */
public record FindingSummary(String findingId, String kind, int severityId, String severity, int statusId,
        String state, String ruleId, String title, int activityId, String activity, Instant time) {

    public static final String KIND_DLP = "dlp";
    public static final String KIND_POSTURE = "posture";

    public static FindingSummary of(OcsfFinding f) {
        String kind = f.classUid() == OcsfFinding.CLASS_DATA_SECURITY_FINDING ? KIND_DLP : KIND_POSTURE;
        var info = f.findingInfo();
        String rule = info.analytic() == null ? null : info.analytic().uid();
        String state = f.status() == null ? "status-" + f.statusId() : f.status().toLowerCase(Locale.ROOT);
        String title = info.title() != null ? info.title() : f.message();
        return new FindingSummary(info.uid(), kind, f.severityId(), f.severity(), f.statusId(), state, rule, title,
                f.activityId(), f.activityName(), Instant.ofEpochMilli(f.time()));
    }

    /** Standard Webhooks event type, e.g. {@code finding.created}. */
    public String eventType() {
        return switch (activityId) {
            case 1 -> "finding.created";
            case 2 -> "finding.updated";
            case 3 -> "finding.closed";
            default -> "finding.changed";
        };
    }
}
