package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One detection rule. Immutable; build with {@link #builder(String)}.
 *
 * <p>Candidates come from the {@link Trigger}: keyword hits of the shared prefilter (the pattern is confirmed in a
 * window around each hit), a whole-text pass for keyword-less tenant/imported rules, or the engine's
 * character-class scanners for built-in PII. A confirmed candidate then goes through the entropy threshold, the
 * {@link Validator}, the allowlist and the context words, which raise or lower its confidence.
 */
public final class Detector {
    private final String id;
    private final Category category;
    private final String type;
    private final String title;
    private final Severity severity;
    private final double confidence;
    private final List<String> keywords;
    private final boolean keywordsCaseSensitive;
    private final Trigger trigger;
    private final LinearPattern pattern;
    private final int secretGroup;
    private final int windowBefore;
    private final int windowAfter;
    private final Validator validator;
    private final double minEntropy;
    private final List<String> contextPlus;
    private final List<String> contextMinus;
    private final int minOccurrences;
    private final Predicate<Candidate> allowlist;
    private final TokenRecognizer recognizer;
    private final TokenRecognizer.Kind recognizerKind;
    private final int minDigits;
    private final boolean anchored;
    private final boolean boundaryBefore;
    private final Precheck precheck;
    private final Reach reach;
    private final WindowGate windowGate;
    private final boolean enabledByDefault;
    private final String check;

    /** Cheap necessary condition tested at a keyword hit before an anchored pattern runs. */
    @FunctionalInterface
    public interface Precheck {
        boolean mayMatch(String text, int hitStart);
    }

    /**
     * For anchored detectors: a linear-time bound on the anchored attempt at a keyword hit. Returns -1 when no
     * match can start at {@code hitStart}, otherwise the end (≤ {@code windowEnd}) of the text the pattern needs
     * to see to find the same match it would find in {@code [hitStart, windowEnd)}.
     */
    public interface Reach {
        int end(String text, int hitStart, int windowEnd);
    }

    /**
     * For detectors that search a window around their keyword hits: a linear-time necessary condition on the window
     * {@code [from, to)} of {@code text}; false means the pattern finds nothing there and is not run.
     */
    @FunctionalInterface
    public interface WindowGate {
        boolean mayOccur(String text, int from, int to);
    }

    /** What an allowlist sees: the secret, the whole match and the line. */
    public record Candidate(String secret, String match, String line) {
    }

    private Detector(Builder b) {
        id = Objects.requireNonNull(b.id, "id");
        category = Objects.requireNonNull(b.category, "category");
        type = b.type == null ? id.toUpperCase(Locale.ROOT).replace('-', '_') : b.type;
        title = b.title == null ? id : b.title;
        severity = b.severity;
        confidence = b.confidence;
        keywords = List.copyOf(b.keywords);
        keywordsCaseSensitive = b.keywordsCaseSensitive;
        pattern = b.pattern;
        secretGroup = b.secretGroup;
        windowBefore = b.windowBefore;
        windowAfter = b.windowAfter;
        validator = b.validator;
        minEntropy = b.minEntropy;
        contextPlus = lower(b.contextPlus);
        contextMinus = lower(b.contextMinus);
        minOccurrences = Math.max(1, b.minOccurrences);
        allowlist = b.allowlist;
        recognizer = b.recognizer;
        recognizerKind = b.recognizerKind;
        minDigits = b.minDigits;
        anchored = b.anchored;
        boundaryBefore = b.boundaryBefore;
        precheck = b.precheck;
        reach = b.reach;
        windowGate = b.windowGate;
        enabledByDefault = b.enabledByDefault;
        check = b.check != null ? b.check : validator != null ? validator.name() : "none";
        if (recognizer != null) {
            trigger = Trigger.CHAR_CLASS;
        } else if (pattern == null) {
            throw new IllegalArgumentException(id + ": a pattern or a recognizer is required");
        } else {
            trigger = keywords.isEmpty() ? Trigger.FULL_TEXT : Trigger.KEYWORD;
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException(id + ": confidence must be within 0..1");
        }
    }

    private static List<String> lower(List<String> l) {
        return l.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A copy of this detector's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(id).category(category).type(type).title(title).severity(severity)
                .confidence(confidence).keywords(keywords).keywordsCaseSensitive(keywordsCaseSensitive)
                .secretGroup(secretGroup).window(windowBefore, windowAfter).validator(validator)
                .minEntropy(minEntropy).contextPlus(contextPlus).contextMinus(contextMinus)
                .minOccurrences(minOccurrences).allowlist(allowlist);
        b.pattern = pattern;
        b.recognizer = recognizer;
        b.recognizerKind = recognizerKind;
        b.minDigits = minDigits;
        b.anchored = anchored;
        b.boundaryBefore = boundaryBefore;
        b.precheck = precheck;
        b.reach = reach;
        b.windowGate = windowGate;
        b.enabledByDefault = enabledByDefault;
        b.check = check.equals("none") || (validator != null && check.equals(validator.name())) ? null : check;
        return b;
    }

    public String id() { return id; }
    public Category category() { return category; }
    public String type() { return type; }
    public String title() { return title; }
    public Severity severity() { return severity; }
    public double confidence() { return confidence; }
    public List<String> keywords() { return keywords; }
    public boolean keywordsCaseSensitive() { return keywordsCaseSensitive; }
    public Trigger trigger() { return trigger; }
    public LinearPattern pattern() { return pattern; }
    public int secretGroup() { return secretGroup; }
    public int windowBefore() { return windowBefore; }
    public int windowAfter() { return windowAfter; }
    public Validator validator() { return validator; }
    public double minEntropy() { return minEntropy; }
    public List<String> contextPlus() { return contextPlus; }
    public List<String> contextMinus() { return contextMinus; }
    public int minOccurrences() { return minOccurrences; }
    public Predicate<Candidate> allowlist() { return allowlist; }
    public TokenRecognizer recognizer() { return recognizer; }
    public TokenRecognizer.Kind recognizerKind() { return recognizerKind; }
    /** A NUMBER recognizer's fewest digits in a token ({@link TokenRecognizer.Kind#NUMBER}). */
    public int minDigits() { return minDigits; }
    /** The pattern is tried only as an anchored match starting at each keyword hit (within windowAfter chars). */
    public boolean anchored() { return anchored; }
    /** For anchored detectors: the keyword hit must not follow a word char. */
    public boolean boundaryBefore() { return boundaryBefore; }
    public Precheck precheck() { return precheck; }
    public Reach reach() { return reach; }
    public WindowGate windowGate() { return windowGate; }
    /**
     * False for lower-value detectors a tenant switches on explicitly ({@link ScanEngine.Builder#enable}): test-mode
     * keys, private-range addresses, role mailboxes.
     */
    public boolean enabledByDefault() { return enabledByDefault; }
    /**
     * Name of the check a candidate must pass (shown in {@link Explanation#validator()}): a recognizer's checksum or
     * structural rules ({@code luhn}, {@code iban-mod97}, {@code verhoeff} …), the {@link Validator#name()}, or
     * {@code none}.
     */
    public String check() { return check; }

    @Override
    public String toString() {
        return "Detector[" + id + " " + category + "/" + type + " " + severity + " " + trigger + "]";
    }

    public static final class Builder {
        private final String id;
        private Category category = Category.SECRET;
        private String type;
        private String title;
        private Severity severity = Severity.HIGH;
        private double confidence = 0.8;
        private List<String> keywords = new ArrayList<>();
        private boolean keywordsCaseSensitive;
        private LinearPattern pattern;
        private int secretGroup = -1;
        private int windowBefore = 0;
        private int windowAfter = 256;
        private Validator validator;
        private double minEntropy;
        private List<String> contextPlus = List.of();
        private List<String> contextMinus = List.of();
        private int minOccurrences = 1;
        private Predicate<Candidate> allowlist;
        private TokenRecognizer recognizer;
        private TokenRecognizer.Kind recognizerKind;
        private int minDigits = TokenRecognizer.NUMBER_DIGITS;
        private boolean anchored;
        private boolean boundaryBefore;
        private Precheck precheck;
        private Reach reach;
        private WindowGate windowGate;
        private boolean enabledByDefault = true;
        private String check;

        private Builder(String id) {
            this.id = id;
        }

        public Builder category(Category c) { category = c; return this; }
        public Builder type(String t) { type = t; return this; }
        public Builder title(String t) { title = t; return this; }
        public Builder severity(Severity s) { severity = s; return this; }
        public Builder confidence(double c) { confidence = c; return this; }
        public Builder keywords(List<String> k) { keywords = new ArrayList<>(k); return this; }
        public Builder keywords(String... k) { keywords = new ArrayList<>(List.of(k)); return this; }
        /** Keyword hits must match the keyword's exact case (the prefilter itself is case-insensitive). */
        public Builder keywordsCaseSensitive(boolean b) { keywordsCaseSensitive = b; return this; }
        /** Our own reviewed pattern (java.util.regex). */
        public Builder trustedPattern(String regex) { pattern = LinearPattern.trusted(regex); return this; }
        /** A linear-time RE2 pattern. */
        public Builder re2Pattern(String regex) { pattern = LinearPattern.re2(regex); return this; }
        public Builder pattern(LinearPattern p) { pattern = p; return this; }
        public Builder secretGroup(int g) { secretGroup = g; return this; }
        /** Window (chars) before the keyword start and after the keyword end in which the pattern is run. */
        public Builder window(int before, int after) { windowBefore = before; windowAfter = after; return this; }
        /**
         * Anchored confirmation: every match starts at a keyword occurrence, so the pattern is tried only as an
         * anchored match there, over at most {@code maxLen} chars. Cheapest mode; use when every alternative of the
         * pattern begins with one of the keywords.
         */
        public Builder anchored(int maxLen) { anchored = true; windowBefore = 0; windowAfter = maxLen; return this; }
        public Builder boundaryBefore(boolean b) { boundaryBefore = b; return this; }
        public Builder precheck(Precheck p) { precheck = p; return this; }
        public Builder reach(Reach r) { reach = r; return this; }
        public Builder windowGate(WindowGate g) { windowGate = g; return this; }
        public Builder validator(Validator v) { validator = v; return this; }
        /** Off unless a tenant enables it ({@link ScanEngine.Builder#enable}). */
        public Builder offByDefault() { enabledByDefault = false; return this; }
        /** Name of the check a recognizer applies (Luhn, mod-97 …), for explanations; default: the validator's name. */
        public Builder check(String name) { check = name; return this; }
        public Builder minEntropy(double e) { minEntropy = e; return this; }
        public Builder contextPlus(List<String> w) { contextPlus = List.copyOf(w); return this; }
        public Builder contextPlus(String... w) { contextPlus = List.of(w); return this; }
        public Builder contextMinus(List<String> w) { contextMinus = List.copyOf(w); return this; }
        public Builder contextMinus(String... w) { contextMinus = List.of(w); return this; }
        public Builder minOccurrences(int n) { minOccurrences = n; return this; }
        /** Returns true for candidates that must be dropped. */
        public Builder allowlist(Predicate<Candidate> p) { allowlist = p; return this; }
        public Builder recognizer(TokenRecognizer.Kind kind, TokenRecognizer r) {
            recognizerKind = kind;
            recognizer = r;
            return this;
        }

        /**
         * A NUMBER recognizer that also takes tokens of {@code n} (4..7) digits; every token with fewer is skipped
         * unless it has the IPv4 shape. Each digit below 7 sends many more tokens (ids, counts, dates) to it, so it
         * should reject them cheaply.
         */
        public Builder minDigits(int n) {
            if (n < 4 || n > TokenRecognizer.NUMBER_DIGITS) {
                throw new IllegalArgumentException("minDigits must be 4.." + TokenRecognizer.NUMBER_DIGITS + ": " + n);
            }
            minDigits = n;
            return this;
        }

        public Detector build() {
            return new Detector(this);
        }
    }
}
