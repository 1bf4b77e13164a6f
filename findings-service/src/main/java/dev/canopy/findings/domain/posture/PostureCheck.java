package dev.canopy.findings.domain.posture;

import java.util.List;

import dev.canopy.findings.store.FindingSeverity;

/**
 * One posture check of the catalogue. {@code needsCompleteInventory} marks checks about something being absent:
 * they only run after a completed full sync, when absence is a fact and not a gap in what was received.
 */
public record PostureCheck(String id, String title, FindingSeverity severity, String category, String rationale,
        String remediation, List<ThresholdDefinition> thresholds, boolean needsCompleteInventory, Rule rule) {

    /** The logic of a check: every violating resource of the inventory. */
    @FunctionalInterface
    public interface Rule {
        List<Violation> evaluate(PostureInventory inventory, Thresholds thresholds);
    }

    public List<Violation> evaluate(PostureInventory inventory, Thresholds thresholds) {
        return rule.evaluate(inventory, thresholds);
    }
}
