package dev.canopy.dlp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled confirmation pattern. {@link #re2(String)} (RE2J, linear time, for tenant and imported rules),
 * {@link #trusted(String)} (java.util.regex, only for our own reviewed built-in patterns) or {@link #code} (a built-in
 * matcher written as code, for structure a regex cannot hold, such as a table's column).
 */
public abstract sealed class LinearPattern permits LinearPattern.Jdk, LinearPattern.Re2, LinearPattern.Code {

    /** Receives one regex match: whole match span and secret span. */
    public interface Sink {
        void found(int start, int end, int secretStart, int secretEnd);
    }

    public abstract String source();

    /**
     * Runs the pattern over {@code text[from, to)}. {@code secretGroup} > 0 selects a group, 0 the whole match,
     * -1 the first non-empty group (or the whole match when there is none).
     */
    public abstract void findAll(String text, int from, int to, int secretGroup, Sink sink);

    /** Anchored match starting exactly at {@code from}, not beyond {@code to}; reports at most one match. */
    public abstract void matchAt(String text, int from, int to, int secretGroup, Sink sink);

    /** Whether the pattern matches somewhere in {@code text}. */
    public abstract boolean find(String text);

    /**
     * As {@link #findAll(String, int, int, int, Sink)}, reading the text through {@code deadline} (RE2J patterns
     * only: they read their input char by char, so the attempt stops when the deadline passes).
     */
    void findAll(String text, int from, int to, int secretGroup, Sink sink, ScanBudget.Deadline deadline) {
        findAll(text, from, to, secretGroup, sink);
    }

    void matchAt(String text, int from, int to, int secretGroup, Sink sink, ScanBudget.Deadline deadline) {
        matchAt(text, from, to, secretGroup, sink);
    }

    /** True when scan budgets apply (tenant and imported RE2J rules). */
    boolean budgeted() {
        return false;
    }

    /** Whether {@link #source()} is a regex (false for {@link #code} matchers). */
    public boolean isRegex() {
        return true;
    }

    /** A built-in matcher written as code, run anchored at a keyword hit; it may report several matches. */
    public interface CodeMatcher {
        void matchAt(String text, int from, int to, Sink sink);
    }

    /** A built-in anchored matcher named {@code name} (its {@link #source()}); never for tenant input. */
    public static LinearPattern code(String name, CodeMatcher matcher) {
        return new Code(name, matcher);
    }

    public static LinearPattern trusted(String regex) {
        return new Jdk(Pattern.compile(regex));
    }

    /** @throws com.google.re2j.PatternSyntaxException when the regex is not valid RE2 syntax. */
    public static LinearPattern re2(String regex) {
        return new Re2(com.google.re2j.Pattern.compile(regex));
    }

    static final class Jdk extends LinearPattern {
        private final Pattern pattern;

        Jdk(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public String source() {
            return pattern.pattern();
        }

        private final ThreadLocal<Matcher[]> cache = ThreadLocal.withInitial(() -> new Matcher[1]);
        private final ThreadLocal<String[]> cacheText = ThreadLocal.withInitial(() -> new String[1]);

        @Override
        public void matchAt(String text, int from, int to, int secretGroup, Sink sink) {
            Matcher[] mc = cache.get();
            String[] tc = cacheText.get();
            Matcher m = mc[0];
            if (m == null || tc[0] != text) {
                m = pattern.matcher(text);
                m.useTransparentBounds(true);
                m.useAnchoringBounds(false);
                mc[0] = m;
                tc[0] = text;
            }
            m.region(from, to);
            if (m.lookingAt()) {
                report(m, secretGroup, sink);
            }
        }

        private static void report(Matcher m, int secretGroup, Sink sink) {
            int s = m.start();
            int e = m.end();
            if (e == s) {
                return;
            }
            int ss = s;
            int se = e;
            if (secretGroup > 0 && secretGroup <= m.groupCount() && m.start(secretGroup) >= 0) {
                ss = m.start(secretGroup);
                se = m.end(secretGroup);
            } else if (secretGroup < 0) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
                        ss = m.start(g);
                        se = m.end(g);
                        break;
                    }
                }
            }
            sink.found(s, e, ss, se);
        }

        @Override
        public boolean find(String text) {
            return pattern.matcher(text).find();
        }

        @Override
        public void findAll(String text, int from, int to, int secretGroup, Sink sink) {
            Matcher m = pattern.matcher(text);
            m.region(from, to);
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            while (m.find()) {
                report(m, secretGroup, sink);
            }
        }
    }

    static final class Code extends LinearPattern {
        private final String name;
        private final CodeMatcher matcher;

        Code(String name, CodeMatcher matcher) {
            this.name = name;
            this.matcher = matcher;
        }

        @Override
        public String source() {
            return name;
        }

        @Override
        public boolean isRegex() {
            return false;
        }

        @Override
        public void matchAt(String text, int from, int to, int secretGroup, Sink sink) {
            matcher.matchAt(text, from, to, sink);
        }

        /** Only anchored use: the matches from {@code from}. */
        @Override
        public void findAll(String text, int from, int to, int secretGroup, Sink sink) {
            matcher.matchAt(text, from, to, sink);
        }

        @Override
        public boolean find(String text) {
            boolean[] any = new boolean[1];
            matcher.matchAt(text, 0, text.length(), (s, e, ss, se) -> any[0] = true);
            return any[0];
        }
    }

    static final class Re2 extends LinearPattern {
        private final com.google.re2j.Pattern pattern;
        /** The same compiled program on a backtracker (null: RE2J's matcher alone); RE2J runs what doesn't fit it. */
        private final BitState bits;

        Re2(com.google.re2j.Pattern pattern) {
            this.pattern = pattern;
            this.bits = BitState.of(pattern);
        }

        @Override
        public String source() {
            return pattern.pattern();
        }

        @Override
        public void matchAt(String text, int from, int to, int secretGroup, Sink sink) {
            matchAt(text, from, to, secretGroup, sink, null);
        }

        @Override
        public boolean find(String text) {
            if (bits != null && bits.fits(text.length())) {
                return bits.match(text, 0, text.length(), 0, false, null) != null;
            }
            return pattern.matcher(text).find();
        }

        @Override
        public void findAll(String text, int from, int to, int secretGroup, Sink sink) {
            findAll(text, from, to, secretGroup, sink, null);
        }

        @Override
        boolean budgeted() {
            return true;
        }

        @Override
        void matchAt(String text, int from, int to, int secretGroup, Sink sink, ScanBudget.Deadline deadline) {
            if (bits != null && bits.fits(to - from)) {
                int[] cap = bits.match(text, from, to, from, true, deadline);
                if (cap != null) {
                    report(cap, bits.groups(), secretGroup, sink, 0);
                }
                return;
            }
            com.google.re2j.Matcher m = pattern.matcher(new Slice(text, from, to, deadline));
            if (m.lookingAt()) {
                report(groups(m, secretGroup), m.groupCount(), secretGroup, sink, from);
            }
        }

        @Override
        void findAll(String text, int from, int to, int secretGroup, Sink sink, ScanBudget.Deadline deadline) {
            if (bits != null && bits.fits(to - from)) {
                // RE2J's Matcher.find() loop: the next search starts where a match ended, one later after an empty one
                int at = from;
                int[] cap;
                while (at <= to && (cap = bits.match(text, from, to, at, false, deadline)) != null) {
                    report(cap, bits.groups(), secretGroup, sink, 0);
                    at = cap[1] == cap[0] ? cap[1] + 1 : cap[1];
                }
                return;
            }
            CharSequence view = deadline == null && from == 0 && to == text.length() ? text
                    : new Slice(text, from, to, deadline);
            com.google.re2j.Matcher m = pattern.matcher(view);
            while (m.find()) {
                report(groups(m, secretGroup), m.groupCount(), secretGroup, sink, from);
            }
        }

        /**
         * RE2J's submatch positions, in the backtracker's layout (pairs per group, -1 where a group took no part);
         * the groups only when the secret is one (reading them costs RE2J a second run).
         */
        private static int[] groups(com.google.re2j.Matcher m, int secretGroup) {
            int[] cap = new int[2 * (m.groupCount() + 1)];
            java.util.Arrays.fill(cap, -1);
            for (int g = 0; g <= (secretGroup == 0 ? 0 : m.groupCount()); g++) {
                cap[2 * g] = m.start(g);
                cap[2 * g + 1] = m.end(g);
            }
            return cap;
        }

        /** Reports a non-empty match and its secret span ({@code offset} added to every position). */
        private static void report(int[] cap, int groups, int secretGroup, Sink sink, int offset) {
            int s = cap[0];
            int e = cap[1];
            if (e == s) {
                return;
            }
            int ss = s;
            int se = e;
            if (secretGroup > 0 && secretGroup <= groups && cap[2 * secretGroup] >= 0) {
                ss = cap[2 * secretGroup];
                se = cap[2 * secretGroup + 1];
            } else if (secretGroup < 0) {
                for (int g = 1; g <= groups; g++) {
                    if (cap[2 * g] >= 0 && cap[2 * g + 1] > cap[2 * g]) {
                        ss = cap[2 * g];
                        se = cap[2 * g + 1];
                        break;
                    }
                }
            }
            sink.found(s + offset, e + offset, ss + offset, se + offset);
        }

        /** True when the pattern matches the empty string (useless and noisy for a tenant rule). */
        boolean matchesEmpty() {
            return pattern.matcher("").find();
        }
    }

    /**
     * Allocation-free view of a region of a string; with a deadline, every read checks it (RE2J reads its input
     * through charAt, so a budgeted attempt stops when its time is up).
     */
    static final class Slice implements CharSequence {
        private final String s;
        private final int off;
        private final int len;
        private final ScanBudget.Deadline deadline;

        Slice(String s, int from, int to) {
            this(s, from, to, null);
        }

        Slice(String s, int from, int to, ScanBudget.Deadline deadline) {
            this.s = s;
            this.off = from;
            this.len = to - from;
            this.deadline = deadline;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            if (deadline != null) {
                deadline.tick();
            }
            return s.charAt(off + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.substring(off + start, off + end);
        }

        @Override
        public String toString() {
            return s.substring(off, off + len);
        }
    }
}
