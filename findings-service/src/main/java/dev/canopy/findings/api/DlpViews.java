package dev.canopy.findings.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.dlp.CustomRule;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.Evidence;
import dev.canopy.dlp.Match;
import dev.canopy.dlp.Severity;
import dev.canopy.findings.domain.dlp.DlpDrafts;
import dev.canopy.findings.domain.dlp.DlpEngineStatus;
import dev.canopy.findings.domain.dlp.DlpSettings;
import dev.canopy.findings.store.DlpAllowlistStore;
import dev.canopy.findings.store.DlpConfigStore;

/** JSON shapes of the DLP API: request bodies (bounded, validated) and answers. Nothing here holds a raw value. */
public final class DlpViews {
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private DlpViews() {
    }

    public record DetectorView(String id, String title, String type, String category, String severity,
            boolean enabled, boolean enabledByDefault) {
    }

    public record RuleSetView(UUID id, String name, int ruleCount, int imported, List<Map<String, Object>> rejected,
            Instant importedAt) {
    }

    public record ConfigView(long version, List<String> disabledBuiltIns, List<String> enabledBuiltIns,
            List<CustomRule> customRules,
            List<RuleSetView> ruleSets) {
    }

    public record BuiltInIds(@NotNull @Size(max = 300) List<String> ids) {
    }

    public record ScanRequest(@NotNull String text) {
    }

    /**
     * A custom pattern; severity LOW, MEDIUM, HIGH or CRITICAL; minOccurrences defaults to 1, confidence to 0.8. The
     * keyword count is checked against findings.dlp.max-keywords-per-rule, each keyword and the regex by the engine.
     */
    public record RuleRequest(@Size(max = 64) String id, @Size(max = 200) String title, @Size(max = 2000) String regex,
            @Size(max = 1000) List<String> keywords, Integer minOccurrences, @Size(max = 16) String severity,
            Double confidence) {
        CustomRule toRule() {
            Severity sev = null;
            if (severity != null) {
                try {
                    sev = Severity.valueOf(severity.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badParameter("severity", "use LOW, MEDIUM, HIGH or CRITICAL");
                }
            }
            return new CustomRule(id, title, regex, keywords == null ? List.of() : keywords,
                    minOccurrences == null ? 1 : minOccurrences, sev, confidence);
        }
    }

    /**
     * {@code evidenceHash} is keyed with a random key of this one request: equal values within one answer have equal
     * hashes, but it can't be compared with stored findings or with another answer. {@code why}: the same
     * explanation a finding stores in {@code evidence.why} (see {@code DlpDrafts.why}).
     */
    public record ScanMatch(String detector, String type, String category, String severity, int start, int end,
            int line, double confidence, String maskedSnippet, String evidenceHash, Map<String, Object> why) {
    }

    /** {@code budgetExceeded}: rules stopped on this text because they ran out of time (their matches may be partial). */
    public record ScanResult(int length, List<ScanMatch> matches, List<String> budgetExceeded) {
    }

    /** Mark a DLP finding "not a secret": its value (by evidence hash) is allowlisted for the tenant. */
    public record AllowlistRequest(@NotNull @Pattern(regexp = UUID_PATTERN) String findingId,
            @NotNull @NotBlank @Size(max = 500) String reason) {
    }

    public record AllowlistEntryView(UUID id, String evidenceHash, String detector, UUID findingId, String reason,
            String createdBy, Instant createdAt) {
        static AllowlistEntryView of(DlpAllowlistStore.Entry e) {
            return new AllowlistEntryView(e.id(), e.evidenceHash(), e.detectorId(), e.findingId(), e.reason(),
                    e.createdBy(), e.createdAt());
        }
    }

    /** {@code suppressedFindings}: the open findings with this value that this call suppressed. */
    public record AllowlistMarked(AllowlistEntryView entry, boolean created, List<UUID> suppressedFindings) {
    }

    public record AllowlistView(List<AllowlistEntryView> items, int maxEntries) {
    }

    public record AllowlistAuditView(long id, UUID entryId, String action, String actor, String reason,
            Instant at) {
    }

    public record Budgets(String perRule, String perText) {
    }

    public record RuleCaps(int customRules, int ruleSets, int rulesPerRuleSet, int keywordsPerRule,
            long programInstructions, long keywordlessInstructions, int regexLength) {
    }

    /**
     * The tenant's engine on this replica: configuration version, the limits in force, stored rules the engine left
     * out (they no longer pass the limits) and the most recent rules stopped by their time budget.
     */
    public record StatusView(long configVersion, Budgets budgets, RuleCaps limits, List<Map<String, String>> skippedRules,
            List<DlpEngineStatus.BudgetExceeded> budgetExceeded) {
    }

    static DetectorView detector(DlpSettings.DetectorState state) {
        Detector d = state.detector();
        return new DetectorView(d.id(), d.title(), d.type(), d.category().name().toLowerCase(Locale.ROOT),
                d.severity().name().toLowerCase(Locale.ROOT), state.enabled(), d.enabledByDefault());
    }

    static RuleSetView ruleSet(DlpConfigStore.RuleSet r) {
        return new RuleSetView(r.id(), r.name(), r.ruleCount(), r.imported(), r.rejected(), r.importedAt());
    }

    static ConfigView config(DlpConfigStore.TenantDlpConfig cfg) {
        return new ConfigView(cfg.version(), cfg.disabledBuiltIns(), cfg.enabledBuiltIns(), cfg.rules(),
                cfg.ruleSets().stream().map(DlpViews::ruleSet).toList());
    }

    static ScanMatch match(Match m, byte[] requestKey) {
        return new ScanMatch(m.detectorId(), m.type(), m.category().name().toLowerCase(Locale.ROOT),
                m.severity().name().toLowerCase(Locale.ROOT), m.start(), m.end(), m.line(),
                Math.round(m.confidence() * 100) / 100.0, m.evidence().maskedSnippet(),
                Evidence.hmac(m.evidence().fingerprint(), requestKey),
                m.evidence().why() == null ? null : DlpDrafts.why(m.evidence().why()));
    }

    static AllowlistAuditView audit(DlpAllowlistStore.AuditRow r) {
        return new AllowlistAuditView(r.id(), r.entryId(), r.action(), r.actor(), r.reason(), r.at());
    }
}
