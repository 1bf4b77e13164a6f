package dev.canopy.dlp.prefilter;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
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
        try {
            List<Automaton> parts = Re2Automaton.translateParts(regex);
            for (int n = parts.size(); n > 0; n--) {
                Automaton a = n == 1 ? parts.get(0) : Automaton.concatenate(parts.subList(0, n));
                PrefixDfa d = determinize(a);
                if (d != null) {
                    d.exact = n == parts.size();
                    return d;
                }
            }
            return null;
        } catch (Re2Automaton.Unsupported | IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Whether the DFA covers the whole regex (then {@link #reach} also bounds the match). */
    public boolean exact() {
        return exact;
    }

    /** Subset construction over brics' epsilon-free NFA; null beyond {@link #MAX_CELLS}. */
    static PrefixDfa determinize(Automaton nfa) {
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
        int[] table = new int[Math.min(MAX_CELLS, 64 * k)];
        List<Boolean> acc = new ArrayList<>();
        for (int d = 0; d < work.size(); d++) {
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
                        if ((long) (id + 1) * k > MAX_CELLS) {
                            return null;
                        }
                        ids.put(to, id);
                        work.add(to);
                    }
                    target = id;
                }
                int cell = d * k + c;
                if (cell >= table.length) {
                    table = Arrays.copyOf(table, Math.min(MAX_CELLS, table.length * 2));
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
