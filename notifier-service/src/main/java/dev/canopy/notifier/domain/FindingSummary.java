package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.notifier.store.SubscriptionFilter;

/** What subscriptions filter on and payloads carry, taken from an OCSF finding record. */
public record FindingSummary(String findingId, String kind, int severityId, String severity, int statusId,
        String state, String ruleId, String title, int activityId, String activity, Instant time) {

    public static final String KIND_DLP = "dlp";
    public static final String KIND_POSTURE = "posture";
    /** The kinds a subscription may filter on. */
    public static final Set<String> KINDS = Set.of(KIND_DLP, KIND_POSTURE);

    public static FindingSummary of(OcsfFinding f) {
        String kind = f.classUid() == OcsfFinding.CLASS_DATA_SECURITY_FINDING ? KIND_DLP : KIND_POSTURE;
        var info = f.findingInfo();
        String rule = info.analytic() == null ? null : info.analytic().uid();
        String state = f.status() == null ? "status-" + f.statusId() : f.status().toLowerCase(Locale.ROOT);
        String title = info.title() != null ? info.title() : f.message();
        return new FindingSummary(info.uid(), kind, f.severityId(), f.severity(), f.statusId(), state, rule, title,
                f.activityId(), f.activityName(), Instant.ofEpochMilli(f.time()));
    }

    /** True when a subscription with this filter wants the finding (states compared case-insensitively). */
    public boolean wantedBy(SubscriptionFilter f) {
        return (f.kinds().isEmpty() || f.kinds().contains(kind))
                && severityId >= f.minSeverityId()
                && (f.ruleIds().isEmpty() || (ruleId != null && f.ruleIds().contains(ruleId)))
                && (f.states().isEmpty() || f.states().contains(state));
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
