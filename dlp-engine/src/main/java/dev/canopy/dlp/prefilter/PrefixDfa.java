package dev.canopy.dlp.prefilter;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Linear-time gate for an anchored regex: {@link #matchPossible} runs a DFA from a position and answers whether
 * some prefix of the text there is accepted. The NFA comes from {@link Re2Automaton} (dk.brics), which
 * over-approximates the regex, so "no" is definitive and "yes" is confirmed by the regex engine afterwards.
 * Our own subset construction stops at a size limit (brics' determinization has none), and the result is a dense
 * table over the NFA's character partition; ASCII chars find their class in one lookup.
 */
public final class PrefixDfa {
    /**
     * CPU time the calling thread may still spend building gates; one budget is shared by all gates of a rule set
     * (a tenant's imported rules), so their construction is bounded whatever the number of rules. A gate whose
     * construction runs out of it is not built (null): the rule is confirmed without it, slower but the same.
     */
    public static final class Budget {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        /** No bound (built-in and test use). */
        public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE);
        private final long until;

        private Budget(long until) {
            this.until = until;
        }

        /** From now, {@code cpu} of this thread's CPU time (wall time where the JVM can't measure it). */
        public static Budget of(Duration cpu) {
            return new Budget(now() + cpu.toNanos());
        }

        /** This budget, or {@code cpu} from now if that ends sooner. */
        public Budget within(Duration cpu) {
            long other = now() + cpu.toNanos();
            return other < until ? new Budget(other) : this;
        }

        private static long now() {
            return MX.isCurrentThreadCpuTimeSupported() ? MX.getCurrentThreadCpuTime() : System.nanoTime();
        }

        boolean spent() {
            return until != Long.MAX_VALUE && now() > until;
        }
    }

    /** Largest table (states × classes) we build; bigger automata leave the regex engine alone. */
    static final int MAX_CELLS = 400_000;

    private final char[] points;      // class c covers [points[c], points[c+1])
    private final byte[] asciiClass = new byte[128];
    private final int classes;
    private final int[] next;         // state * classes + class -> state, -1 dead
    private final boolean[] accept;
    private boolean exact;

    private PrefixDfa(char[] points, int[] next, boolean[] accept) {
        this.points = points;
        this.classes = points.length;
        this.next = next;
        this.accept = accept;
        for (char c = 0; c < 128; c++) {
            asciiClass[c] = (byte) classOf(c);
        }
    }

    /**
     * The gate for an RE2 regex, or null when it can't be translated or even its first item needs too large a DFA.
     * When the whole regex is too large, the longest leading run of its top-level items that fits is used; such a
     * gate still rejects exactly, but no longer bounds the match ({@link #reach} answers {@code to}).
     */
    public static PrefixDfa forRe2(String regex) {
        return forRe2(regex, Budget.UNLIMITED);
    }

    /** {@link #forRe2(String)} within {@code budget}: null when it runs out. */
    public static PrefixDfa forRe2(String regex, Budget budget) {
        if (budget.spent()) {
            return null;
        }
        try {
            return fromParts(Re2Automaton.translateParts(regex), budget);
        } catch (RuntimeException e) {
            // Re2Automaton.Unsupported, or anything brics or the translation trips over on a tenant's regex: a gate
            // is only a shortcut, the rule runs without it
            return null;
        }
    }

    /** {@link #forRe2} from the regex's translated top-level items: the longest leading run of them that fits. */
    private static PrefixDfa fromParts(List<Automaton> parts, Budget budget) {
        for (int n = parts.size(); n > 0; n--) {
            PrefixDfa d = determinize(leading(parts, n), MAX_CELLS, budget);
            if (d == null && budget.spent()) {
                return null;
            }
            if (d != null) {
                d.exact = n == parts.size();
                return d;
            }
        }
        return null;
    }

    /** The concatenation of the first {@code n} items. */
    private static Automaton leading(List<Automaton> parts, int n) {
        return n == 1 ? parts.get(0) : Automaton.concatenate(parts.subList(0, n));
    }

    /**
     * Largest table of a {@link #forFind} gate that reads from the start of the text; beyond it the gate is the
     * regex's own DFA tried at every start. Kept well below {@link #MAX_CELLS}: a subset construction that fails at
     * that size took over a second (gitleaks' generic-api-key allowlist, ~90 case-insensitive alternatives).
     */
    static final int MAX_FIND_CELLS = 50_000;
    /** Steps per char of the text a {@link #forFind} gate that tries every start may take before it says "may". */
    static final int FIND_STEPS_PER_CHAR = 32;

    /** Whether this gate ({@link #forFind}) runs from every start of the text instead of once from its start. */
    private boolean everyStart;
    /** A {@link #forFind} gate of a regex anchored with a leading {@code ^} / trailing {@code $}. */
    private boolean atStart;
    private boolean atEnd;

    /**
     * The gate for "the RE2 regex occurs somewhere in a text" (RE2J's {@code find}), for {@link #occursIn}; null when
     * it can't be translated. Preferably a DFA of any string followed by the regex (one pass over the text); when
     * that is too large, the regex's own DFA ({@link #forRe2}) tried from every start with a step bound. A leading
     * {@code ^} and a trailing {@code $} of a regex without a top-level {@code |} or multi-line flag are kept (the
     * translation reads every other assertion as empty): allowlists are mostly whole-value shapes such as
     * {@code ^[a-zA-Z_.-]+$}, which would otherwise accept any value with a letter. Allowlist regexes run on every
     * candidate a rule confirms: RE2J's NFA pays per char and instruction, this gate about one table look-up per
     * char, and it almost always says no.
     */
    public static PrefixDfa forFind(String regex) {
        return forFind(regex, Budget.UNLIMITED);
    }

    /** {@link #forFind(String)} within {@code budget}: null when it runs out. */
    public static PrefixDfa forFind(String regex, Budget budget) {
        return forFind(regex, budget, MAX_FIND_CELLS);
    }

    /** {@link #forFind(String, Budget)} with one-pass tables of at most {@code maxCells}. */
    static PrefixDfa forFind(String regex, Budget budget, int maxCells) {
        if (budget.spent()) {
            return null;
        }
        int[] span = anchors(regex);
        boolean start = span[0] > 0;
        boolean end = span[1] < regex.length();
        String inner = start || end ? regex.substring(0, Math.max(0, span[0] - 1)) + regex.substring(span[0], span[1])
                : regex;
        try {
            List<Automaton> parts = Re2Automaton.translateParts(inner);
            Automaton a = leading(parts, parts.size());
            PrefixDfa d = determinize(start ? a : Automaton.makeAnyString().concatenate(a), maxCells, budget);
            if (d == null && !start && !end && !budget.spent()) {
                d = split(regex, budget, maxCells);
                if (d != null) {
                    return d;
                }
            }
            if (d == null) {
                d = budget.spent() ? null : fromParts(parts, budget);
                if (d == null) {
                    return null;
                }
                d.everyStart = true;
            }
            d.atStart = start;
            // a gate of a leading part of the regex accepts before the match ends: only the start anchor holds
            d.atEnd = end && (!d.everyStart || d.exact);
            return d;
        } catch (RuntimeException e) {
            // Re2Automaton.Unsupported, or anything brics or the translation trips over on a tenant's regex: a gate
            // is only a shortcut, the rule runs without it
            return null;
        }
    }

    /** Most one-pass gates a split {@link #forFind} gate runs (each reads the text once). */
    static final int MAX_SPLIT_GATES = 8;

    /** The gates of a split {@link #forFind} gate (null: not split): the regex occurs where one of them says so. */
    private PrefixDfa[] anyOf;

    /** How many one-pass gates this split gate runs (0: not split). */
    int splitGates() {
        return anyOf == null ? 0 : anyOf.length;
    }

    private PrefixDfa(PrefixDfa[] anyOf) {
        this(new char[] {0}, new int[] {-1}, new boolean[] {false});
        this.anyOf = anyOf;
    }

    /**
     * A {@link #forFind} gate for a top-level alternation whose one-pass DFA is too large: the alternatives in
     * groups whose one-pass DFAs fit (halving a group until it does), at most {@link #MAX_SPLIT_GATES} of them. The
     * regex occurs in a text iff one of its alternatives does, so "no" from every group is still definitive, and each
     * group reads the text once: gitleaks' generic-api-key allowlist (~40 case-insensitive alternatives, two of them
     * tracking runs of letters) tried from every start took ~7 µs per candidate and, out of steps on a long token,
     * left most candidates to RE2J's NFA (~70 µs each). Null when the regex has no such alternation or the groups
     * don't fit.
     */
    private static PrefixDfa split(String regex, Budget budget, int maxCells) {
        try {
            List<String> alternatives = topAlternatives(regex);
            if (alternatives == null) {
                return null;
            }
            List<PrefixDfa> gates = new ArrayList<>();
            return group(alternatives.subList(1, alternatives.size()), alternatives.get(0), gates, budget, maxCells)
                    ? new PrefixDfa(gates.toArray(new PrefixDfa[0]))
                    : null;
        } catch (RuntimeException e) {
            return null; // an alternative the translation doesn't cover: the unsplit gate is tried instead
        }
    }

    /** Adds the one-pass gates of {@code alternatives} (each wrapped as {@code head + alternative + ")"}). */
    private static boolean group(List<String> alternatives, String head, List<PrefixDfa> gates, Budget budget,
            int maxCells) {
        if (gates.size() >= MAX_SPLIT_GATES || budget.spent()) {
            return false;
        }
        Automaton a = Re2Automaton.translate(head + String.join("|", alternatives) + ")");
        PrefixDfa d = determinize(Automaton.makeAnyString().concatenate(a), maxCells, budget);
        if (d != null) {
            gates.add(d);
            return true;
        }
        if (alternatives.size() == 1) {
            return false;
        }
        int half = alternatives.size() / 2;
        return group(alternatives.subList(0, half), head, gates, budget, maxCells)
                && group(alternatives.subList(half, alternatives.size()), head, gates, budget, maxCells);
    }

    /**
     * The alternatives of a regex that is a top-level alternation, possibly inside one group that spans it all
     * ({@code (?i)(?:a|b|c)}): the first element is the head that opens each alternative again (leading flag groups
     * and {@code "(?:"} or the group's own flags), the rest are the alternatives; null when the regex is not of that
     * shape or an alternative sets flags with a bare {@code (?i)} (RE2 keeps such flags for the alternatives after
     * it, which a split would lose).
     */
    static List<String> topAlternatives(String re) {
        int from = flagsEnd(re);
        String flags = re.substring(0, from);
        String body = re.substring(from);
        List<int[]> bars = new ArrayList<>(); // [position, depth] of every '|'
        int close = -1; // where the group opened at 0 closes
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(body, i);
            } else if (c == '(') {
                if (body.startsWith("(?", i) && !body.startsWith("(?:", i) && !body.startsWith("(?P<", i)) {
                    int e = body.indexOf(')', i);
                    if (e > 0 && body.substring(i + 2, e).matches("[imsU-]+")) {
                        return null; // a bare flag group inside
                    }
                }
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && close < 0) {
                    close = i;
                }
            } else if (c == '|') {
                bars.add(new int[] {i, depth});
            }
        }
        int level;
        String head;
        int start;
        int end;
        if (bars.stream().anyMatch(b -> b[1] == 0)) {
            level = 0;
            head = flags + "(?:";
            start = 0;
            end = body.length();
        } else if (body.startsWith("(") && close == body.length() - 1) {
            // one group around it all: "(?:", "(?i:" or a capturing group (capture doesn't change where it occurs)
            int open = body.startsWith("(?") && !body.startsWith("(?P<") ? body.indexOf(':') + 1 : 1;
            if (open <= 0 || body.startsWith("(?P<")) {
                return null;
            }
            level = 1;
            head = flags + (open == 1 ? "(?:" : body.substring(0, open));
            start = open;
            end = close;
        } else {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add(head);
        int at = start;
        for (int[] b : bars) {
            if (b[1] == level) {
                out.add(body.substring(at, b[0]));
                at = b[0] + 1;
            }
        }
        out.add(body.substring(at, end));
        return out.size() > 2 ? out : null;
    }

    /**
     * The regex's body between a leading {@code ^} and a trailing {@code $}: {@code [after ^, before $)}, or
     * {@code [0, length)} for an anchor it doesn't have. A leading {@code ^} may follow flag groups such as
     * {@code (?i)} (the flags stay in the body: the caller keeps the text before the {@code ^}). No anchor counts
     * when the regex has a top-level {@code |} (then {@code ^} belongs to the first alternative only) or sets the
     * multi-line flag.
     */
    static int[] anchors(String re) {
        int n = re.length();
        int[] none = {0, n};
        if (re.matches("(?s).*\\(\\?[a-zA-Z-]*m.*")) {
            return none;
        }
        int depth = 0;
        boolean escapedEnd = false;
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 == n - 1) {
                    escapedEnd = true;
                }
                i++;
            } else if (c == '[') {
                i = classEnd(re, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return none;
            }
        }
        int from = flagsEnd(re);
        int start = from < n && re.charAt(from) == '^' ? from + 1 : 0;
        int end = n > start && re.charAt(n - 1) == '$' && !escapedEnd ? n - 1 : n;
        return new int[] {start, end};
    }

    /** Where the regex's leading flag groups ({@code (?i)}, {@code (?is)}...) end. */
    private static int flagsEnd(String re) {
        int from = 0;
        while (re.startsWith("(?", from) && re.indexOf(')', from) > 0
                && re.substring(from + 2, re.indexOf(')', from)).matches("[imsU-]+")) {
            from = re.indexOf(')', from) + 1;
        }
        return from;
    }

    /**
     * The index of the {@code ]} closing the class that opens at {@code re[open]} (a {@code ]} first in the class,
     * {@code []]} or {@code [^]]}, is a member; escapes are skipped), or the last index when it doesn't close.
     */
    private static int classEnd(String re, int open) {
        int i = open + 1;
        if (re.startsWith("^", i)) {
            i++;
        }
        if (re.startsWith("]", i)) {
            i++;
        }
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return re.length() - 1;
    }

    /**
     * For a gate from {@link #forFind}: false when the regex occurs nowhere in {@code text} (definitive); true when
     * it may (the regex engine decides).
     */
    public boolean occursIn(CharSequence text) {
        return occursIn(text, 0, text.length());
    }

    /** {@link #occursIn(CharSequence)} for the slice {@code [from, to)} of {@code text}, as the regex sees it alone. */
    public boolean occursIn(CharSequence text, int from, int to) {
        if (anyOf != null) {
            for (PrefixDfa g : anyOf) {
                if (g.occursIn(text, from, to)) {
                    return true;
                }
            }
            return false;
        }
        if (!everyStart) {
            return acceptsFrom(text, from, to, Long.MAX_VALUE) < 0;
        }
        long budget = (long) FIND_STEPS_PER_CHAR * (to - from) + 64;
        for (int start = from; start < (atStart ? Math.min(from + 1, to) : to); start++) {
            int steps = acceptsFrom(text, start, to, budget);
            if (steps < 0) {
                return true; // accepted, or out of steps: "may"
            }
            budget -= steps + 1;
        }
        return from == to && accept[0];
    }

    /**
     * Runs the DFA over {@code [from, to)} until it accepts (-1; with {@link #atEnd} only at {@code to}), dies (the
     * steps taken) or has taken {@code budget} steps (-1: the caller can't tell, "may").
     */
    private int acceptsFrom(CharSequence text, int from, int to, long budget) {
        if (accept[0] && (!atEnd || from == to)) {
            return -1;
        }
        int s = 0;
        for (int i = from; i < to; i++) {
            if (i - from >= budget) {
                return -1;
            }
            char c = text.charAt(i);
            if (c >= 128 && Character.isSurrogate(c)) {
                return -1; // RE2 counts code points, the DFA chars: no answer
            }
            s = next[s * classes + (c < 128 ? asciiClass[c] : classOf(c))];
            if (s < 0) {
                return i - from;
            }
            if (accept[s] && (!atEnd || i == to - 1)) {
                return -1;
            }
        }
        return to - from;
    }

    /** Whether the DFA covers the whole regex (then {@link #reach} also bounds the match). */
    public boolean exact() {
        return exact;
    }

    /** Subset construction over brics' epsilon-free NFA; null beyond {@link #MAX_CELLS}. */
    static PrefixDfa determinize(Automaton nfa) {
        return determinize(nfa, MAX_CELLS, Budget.UNLIMITED);
    }

    /** Subset construction over brics' epsilon-free NFA; null beyond {@code maxCells} or when {@code budget} runs out. */
    static PrefixDfa determinize(Automaton nfa, int maxCells, Budget budget) {
        List<State> states = new ArrayList<>(nfa.getStates());
        Map<State, Integer> index = new IdentityHashMap<>();
        for (State s : states) {
            index.put(s, index.size());
        }
        TreeSet<Character> cuts = new TreeSet<>();
        cuts.add('\0');
        for (State s : states) {
            for (Transition t : s.getTransitions()) {
                cuts.add(t.getMin());
                if (t.getMax() < Character.MAX_VALUE) {
                    cuts.add((char) (t.getMax() + 1));
                }
            }
        }
        char[] points = new char[cuts.size()];
        int pi = 0;
        for (char c : cuts) {
            points[pi++] = c;
        }
        int k = points.length;
        if (k > 127) {
            return null;
        }
        Map<BitSet, Integer> ids = new HashMap<>();
        List<BitSet> work = new ArrayList<>();
        BitSet start = new BitSet();
        start.set(index.get(nfa.getInitialState()));
        ids.put(start, 0);
        work.add(start);
        int[] table = new int[Math.min(maxCells, 64 * k)];
        List<Boolean> acc = new ArrayList<>();
        for (int d = 0; d < work.size(); d++) {
            if ((d & 31) == 31 && budget.spent()) {
                return null;
            }
            BitSet cur = work.get(d);
            boolean a = false;
            for (int q = cur.nextSetBit(0); q >= 0; q = cur.nextSetBit(q + 1)) {
                a |= states.get(q).isAccept();
            }
            acc.add(a);
            for (int c = 0; c < k; c++) {
                char ch = points[c];
                BitSet to = new BitSet();
                for (int q = cur.nextSetBit(0); q >= 0; q = cur.nextSetBit(q + 1)) {
                    for (Transition t : states.get(q).getTransitions()) {
                        if (t.getMin() <= ch && ch <= t.getMax()) {
                            to.set(index.get(t.getDest()));
                        }
                    }
                }
                int target = -1;
                if (!to.isEmpty()) {
                    Integer id = ids.get(to);
                    if (id == null) {
                        id = work.size();
                        if ((long) (id + 1) * k > maxCells) {
                            return null;
                        }
                        ids.put(to, id);
                        work.add(to);
                    }
                    target = id;
                }
                int cell = d * k + c;
                if (cell >= table.length) {
                    table = Arrays.copyOf(table, Math.min(maxCells, table.length * 2));
                }
                table[cell] = target;
            }
        }
        boolean[] accept = new boolean[work.size()];
        for (int i = 0; i < accept.length; i++) {
            accept[i] = acc.get(i);
        }
        return new PrefixDfa(points, Arrays.copyOf(table, work.size() * k), accept);
    }

    private int classOf(char c) {
        int p = Arrays.binarySearch(points, c);
        return p >= 0 ? p : -p - 2;
    }

    public int stateCount() {
        return accept.length;
    }

    /**
     * Where the regex engine may stop reading when it looks for a match starting at {@code from} within
     * {@code [from, to)}: -1 when no prefix can match; otherwise one char past the end of the longest prefix the
     * DFA accepts (every match of the regex is such a prefix; RE2's one-char assertions {@code \b $} may look at
     * the char after it), capped at {@code to}. Running the regex on the shorter slice finds exactly the same match.
     * A gate built from a leading part of the regex only rejects: it answers {@code to} or -1.
     */
    public int reach(CharSequence text, int from, int to) {
        final int[] nx = next;
        final byte[] cls = asciiClass;
        final int k = classes;
        final boolean[] acc = accept;
        int lastEnd = acc[0] ? from : -1; // exclusive end of the longest accepted prefix
        int s = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int cl;
            if (c < 128) {
                cl = cls[c];
            } else if (Character.isSurrogate(c)) {
                return to; // RE2 counts code points, the DFA counts chars: no bound
            } else {
                cl = classOf(c);
            }
            s = nx[s * k + cl];
            if (s < 0) {
                break;
            }
            if (acc[s]) {
                lastEnd = i + 1;
            }
        }
        return lastEnd < 0 ? -1 : exact ? Math.min(to, lastEnd + 1) : to;
    }
}
