package dev.canopy.findings.domain.posture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.domain.Fingerprints;

/** Runs the catalogue over one tenant's inventory and turns violations into finding drafts. Pure: no I/O. */
public final class PostureEvaluator {
    private PostureEvaluator() {
    }

    /** The checks that ran (their findings may be resolved when absent) and what they found. */
    public record Result(Set<String> evaluatedChecks, List<FindingDraft> findings) {
    }

    public static Result evaluate(String tenantId, PostureInventory inventory, Thresholds thresholds,
            Set<String> mutedChecks) {
        List<FindingDraft> drafts = new ArrayList<>();
        Set<String> evaluated = new java.util.LinkedHashSet<>();
        for (PostureCheck check : PostureCatalog.checks()) {
            if (mutedChecks.contains(check.id()) || (check.needsCompleteInventory() && !inventory.complete())) {
                continue;
            }
            evaluated.add(check.id());
            for (Violation v : check.evaluate(inventory, thresholds)) {
                drafts.add(draft(tenantId, check, v));
            }
        }
        return new Result(evaluated, drafts);
    }

    static FindingDraft draft(String tenantId, PostureCheck check, Violation v) {
        return new FindingDraft(Fingerprints.posture(tenantId, check.id(), v.resourceType(), v.resourceId()),
                FindingKind.POSTURE, check.id(), check.title(), check.severity(), v.resourceType(), v.resourceId(),
                v.resourceName(), check.rationale(), check.remediation(), v.facts(), null);
    }
}
