package dev.canopy.dlp;

import com.google.re2j.PatternSyntaxException;
import dev.canopy.dlp.limits.RuleLimits;
import dev.canopy.dlp.prefilter.PrefixDfa;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A tenant-defined pattern. The regex is RE2 syntax compiled with RE2J (linear time: a tenant's pattern can't stall
 * the scanner). With keywords, the regex is only confirmed near keyword hits (within {@link #WINDOW} chars);
 * without keywords it runs over the whole text.
 *
 * @param id             stable rule id (letters, digits, '-', '_', '.'; 1..64 chars)
 * @param title          human title (optional)
 * @param regex          RE2 syntax; use a capture group to mark the sensitive part (first non-empty group)
 * @param keywords       optional ASCII literals (2..64 chars) for the prefilter, case-insensitive
 * @param minOccurrences report only when the rule matches at least this many times in one text (1..1000)
 * @param severity       severity of matches
 * @param confidence     0..1 (default 0.8 when null)
 */
public record CustomRule(String id, String title, String regex, List<String> keywords, int minOccurrences,
        Severity severity, Double confidence) {

    public static final int WINDOW = 512;
    /** Custom rules whose gates together may take one import's gate budget ({@link RuleLimits#gateBuildCpu()}). */
    static final int GATES_PER_BUDGET = 50;
    public static final int MAX_REGEX_LENGTH = RuleLimits.DEFAULTS.maxRegexLength();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    /** Thrown by {@link #toDetector()} when the rule is invalid; {@link #errors()} names each problem. */
    public static final class InvalidRuleException extends IllegalArgumentException {
        private final List<String> errors;

        public InvalidRuleException(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** All problems with this rule under {@link RuleLimits#DEFAULTS} (empty when valid), phrased for an API client. */
    public List<String> validate() {
        return validate(RuleLimits.DEFAULTS);
    }

    /**
     * All problems with this rule (empty when valid), phrased for an API client; each message starts with the field
     * name. The regex is checked against {@code limits} (program size, keyword-less cost) before it is compiled.
     */
    public List<String> validate(RuleLimits limits) {
        List<String> errors = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            errors.add("id: must be 1-64 chars of letters, digits, '-', '_', '.', starting with a letter or digit");
        }
        if (regex == null || regex.isBlank()) {
            errors.add("regex: is required");
        } else if (!limits.checkRegex(regex, keywords != null && !keywords.isEmpty()).isEmpty()) {
            errors.addAll(limits.checkRegex(regex, keywords != null && !keywords.isEmpty()));
        } else {
            try {
                LinearPattern.Re2 p = (LinearPattern.Re2) LinearPattern.re2(regex);
                if (p.matchesEmpty()) {
                    errors.add("regex: matches the empty string; it would report everything");
                }
            } catch (PatternSyntaxException e) {
                errors.add("regex: not valid RE2 syntax (" + e.getMessage() + ")"
                        + (regex.contains("(?=") || regex.contains("(?!") || regex.contains("(?<")
                        ? "; look-around assertions are not supported (RE2 is linear-time)" : "")
                        + (regex.matches(".*\\\\[1-9].*") ? "; backreferences are not supported" : ""));
            }
        }
        if (keywords != null) {
            if (keywords.size() > limits.maxKeywords()) {
                errors.add("keywords: at most " + limits.maxKeywords() + " keywords per rule");
            }
            for (String k : keywords) {
                if (k == null || k.length() < 2 || k.length() > limits.maxKeywordLength()) {
                    errors.add("keywords: '" + (k == null ? null : k.substring(0, Math.min(k.length(), 80)))
                            + "' must be 2-" + limits.maxKeywordLength() + " chars");
                } else if (!k.chars().allMatch(c -> c >= 32 && c < 127)) {
                    errors.add("keywords: '" + k + "' must be printable ASCII");
                }
            }
        }
        if (minOccurrences < 1 || minOccurrences > 1000) {
            errors.add("minOccurrences: must be within 1..1000");
        }
        if (severity == null) {
            errors.add("severity: is required (LOW, MEDIUM, HIGH, CRITICAL)");
        }
        if (confidence != null && (confidence < 0 || confidence > 1)) {
            errors.add("confidence: must be within 0..1");
        }
        return errors;
    }

    /** Compiles the rule under {@link RuleLimits#DEFAULTS}. @throws InvalidRuleException listing every problem. */
    public Detector toDetector() {
        return toDetector(RuleLimits.DEFAULTS);
    }

    /** Compiles the rule. @throws InvalidRuleException listing every problem. */
    public Detector toDetector(RuleLimits limits) {
        return toDetector(limits, PrefixDfa.Budget.UNLIMITED);
    }

    /**
     * Compiles the rule, its gate within 1/{@value #GATES_PER_BUDGET} of the gate budget and within {@code shared}
     * (e.g. one engine build's budget for all of a tenant's rules). @throws InvalidRuleException listing every problem.
     */
    public Detector toDetector(RuleLimits limits, PrefixDfa.Budget shared) {
        List<String> errors = validate(limits);
        if (!errors.isEmpty()) {
            throw new InvalidRuleException(errors);
        }
        Detector.Builder b = Detector.builder("custom:" + id).category(Category.CUSTOM)
                .type("CUSTOM_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"))
                .title(title == null ? id : title).severity(severity).confidence(confidence == null ? 0.8 : confidence)
                .keywords(keywords == null ? List.of() : keywords).re2Pattern(regex).secretGroup(-1)
                .window(WINDOW, WINDOW).minOccurrences(minOccurrences);
        // a DFA pass decides most windows (or, without keywords, the whole text) instead of RE2J's NFA; its
        // construction gets 1/50 of an import's gate budget, so a tenant's 50 custom rules cost at most one import
        PrefixDfa gate = PrefixDfa.forFind(regex,
                shared.within(limits.gateBuildCpu().dividedBy(GATES_PER_BUDGET)));
        if (gate != null) {
            b.windowGate(gate::occursIn);
        }
        return b.build();
    }
}
