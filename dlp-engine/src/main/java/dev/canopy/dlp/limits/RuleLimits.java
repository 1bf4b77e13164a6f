package dev.canopy.dlp.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Budgets a tenant-supplied rule (custom rule or imported gitleaks rule) must fit before it is compiled.
 *
 * <p><b>Program size</b>: {@link Re2Size} bounds the instruction count of the compiled RE2 program (nested counted
 * repetition multiplies). A rule over {@link #maxProgramSize()} is rejected; this is what stops
 * {@code ((a{1000}){1000}){1000}} before RE2J tries to build a 10^9-instruction program.
 *
 * <p><b>Keyword-less cost</b>: a rule without keywords runs an unanchored search over the whole text. RE2J's NFA
 * simulation (Pike VM) can have a thread on every instruction at every position (a match may start at each of
 * them), so its work per input character is at most about the program size: cost of a text of n chars ≈
 * {@code size × n} instruction steps. A keyword-less rule whose cost over 1 MiB ({@code size × 2^20}) exceeds
 * {@link #maxKeywordlessSteps()} is rejected. Keyword rules only run in windows around keyword hits; they are bounded
 * by the program size and, at scan time, by the per-rule time budget ({@code ScanBudget}).
 *
 * @param maxProgramSize       instruction upper bound of any rule's program
 * @param maxKeywordlessSteps  size × 1 MiB budget of rules without keywords
 * @param maxRegexLength       chars of a regex
 * @param maxNesting           group nesting depth
 * @param maxKeywords          keywords per rule
 * @param maxKeywordLength     chars per keyword
 * @param maxImportedRules     rules of one imported rule set (the rest are rejected)
 * @param gateBuildCpu         CPU time one import may spend building its rules' linear-time gates
 *                             ({@code PrefixDfa}: each a subset construction of up to 400 000 cells from a
 *                             tenant's regex); rules past it confirm without a gate (same findings, slower)
 */
public record RuleLimits(long maxProgramSize, long maxKeywordlessSteps, int maxRegexLength, int maxNesting,
        int maxKeywords, int maxKeywordLength, int maxImportedRules, Duration gateBuildCpu) {

    public static final long ONE_MIB = 1L << 20;

    /**
     * Defaults: 10 000 instructions (5× the largest rule of gitleaks' default set, {@code pypi-upload-token} at
     * 1 974; Go refuses programs of ~3.3 million), keyword-less rules up to 64 instructions (64 × 2^20 steps: RE2J
     * takes 8–30 ns per step on the shared 2-core machine, so the worst such rule needs ~1–2 s per MiB — measured
     * figures in the dlp-engine README; the scan-time budget stops anything slower), regexes up to 2 000 chars (the longest shared gitleaks regex has 744), nesting 50, 50 keywords of up
     * to 64 chars, 500 rules per imported set (gitleaks' default set has 222), 10 CPU-seconds of gate building per
     * import (gitleaks' default set needs ~0.9 s with a warm JIT and ~3 s on a cold JVM; rules crafted to make
     * every gate expensive took ~90 ms each, ~45 s for 500, before this bound).
     */
    public static final RuleLimits DEFAULTS = new RuleLimits(10_000, 64 * ONE_MIB, 2_000, 50, 50, 64, 500,
            Duration.ofSeconds(10));

    /** Problems of {@code regex} against these limits, each message starting with "regex: " (empty when fine). */
    public List<String> checkRegex(String regex, boolean hasKeywords) {
        List<String> errors = new ArrayList<>();
        if (regex.length() > maxRegexLength) {
            errors.add("regex: longer than " + maxRegexLength + " chars");
            return errors;
        }
        Re2Size.Estimate e = Re2Size.estimate(regex);
        if (e.nesting() > maxNesting) {
            errors.add("regex: groups nested " + e.nesting() + " deep (limit " + maxNesting + ")");
        }
        if (e.instructions() > maxProgramSize) {
            errors.add("regex: its compiled program would have about " + format(e.instructions())
                    + " instructions (limit " + maxProgramSize + "); nested counted repetitions multiply, e.g. "
                    + "(x{100}){100} is 10 000 copies of x");
        } else if (!hasKeywords && keywordlessSteps(e.instructions()) > maxKeywordlessSteps) {
            errors.add("regex: without keywords it runs over the whole text, and a program of "
                    + e.instructions() + " instructions costs about " + format(keywordlessSteps(e.instructions()))
                    + " steps per MiB (limit " + format(maxKeywordlessSteps) + ", i.e. "
                    + maxKeywordlessSteps / ONE_MIB + " instructions); add keywords or simplify the regex");
        }
        return errors;
    }

    /** Cost model of a keyword-less rule over 1 MiB: program size × chars (see the class comment). */
    public static long keywordlessSteps(long instructions) {
        return Re2Size.mul(instructions, ONE_MIB);
    }

    /** Problems of the keyword list (count and lengths), each message starting with "keywords: ". */
    public List<String> checkKeywords(List<String> keywords) {
        List<String> errors = new ArrayList<>();
        if (keywords == null) {
            return errors;
        }
        if (keywords.size() > maxKeywords) {
            errors.add("keywords: at most " + maxKeywords + " keywords per rule");
        }
        for (String k : keywords) {
            if (k != null && k.length() > maxKeywordLength) {
                errors.add("keywords: '" + k.substring(0, Math.min(k.length(), 16)) + "…' is longer than "
                        + maxKeywordLength + " chars");
            }
        }
        return errors;
    }

    private static String format(long n) {
        return n >= Re2Size.SATURATED ? "more than " + Re2Size.SATURATED : String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
