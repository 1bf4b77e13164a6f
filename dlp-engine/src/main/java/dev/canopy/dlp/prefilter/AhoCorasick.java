package dev.canopy.dlp.prefilter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact, case-insensitive (ASCII) Aho-Corasick automaton compiled into a dense DFA over a reduced alphabet.
 * Keywords are ASCII; text characters outside the keyword alphabet move the automaton to the root.
 * The scan loop does one array lookup per character and allocates nothing.
 */
public final class AhoCorasick {
    private final byte[] classOf = new byte[128]; // char -> alphabet class (0 = not in any keyword)
    private final int classes;
    private final int[] delta;            // state * classes + cls -> next state
    private final int[][] outputs;        // state -> keyword ids ending here (including suffix outputs), or null
    private final boolean[] hasOutput;
    private final int[] keywordLength;

    public AhoCorasick(List<String> keywords) {
        // alphabet
        int next = 1;
        for (String k : keywords) {
            for (int i = 0; i < k.length(); i++) {
                char c = lower(k.charAt(i));
                if (c >= 128) {
                    throw new IllegalArgumentException("keywords must be ASCII: " + k);
                }
                if (classOf[c] == 0) {
                    if (next > 127) {
                        throw new IllegalArgumentException("too many distinct keyword characters");
                    }
                    classOf[c] = (byte) next++;
                    if (c >= 'a' && c <= 'z') {
                        classOf[c - 32] = classOf[c];
                    }
                }
            }
        }
        classes = next;
        keywordLength = new int[keywords.size()];
        // trie
        List<int[]> gotoRows = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        gotoRows.add(new int[classes]);
        out.add(new ArrayList<>());
        for (int id = 0; id < keywords.size(); id++) {
            String k = keywords.get(id);
            keywordLength[id] = k.length();
            int s = 0;
            for (int i = 0; i < k.length(); i++) {
                int cls = classOf[lower(k.charAt(i))];
                int t = gotoRows.get(s)[cls];
                if (t == 0) {
                    t = gotoRows.size();
                    gotoRows.add(new int[classes]);
                    out.add(new ArrayList<>());
                    gotoRows.get(s)[cls] = t;
                }
                s = t;
            }
            if (k.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            out.get(s).add(id);
        }
        int n = gotoRows.size();
        int[] fail = new int[n];
        delta = new int[n * classes];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 1; c < classes; c++) {
            int t = gotoRows.get(0)[c];
            delta[c] = t;
            if (t != 0) {
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 1; c < classes; c++) {
                int t = gotoRows.get(s)[c];
                if (t != 0) {
                    fail[t] = delta[fail[s] * classes + c];
                    queue.add(t);
                    delta[s * classes + c] = t;
                } else {
                    delta[s * classes + c] = delta[fail[s] * classes + c];
                }
            }
        }
        outputs = new int[n][];
        hasOutput = new boolean[n];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            if (!o.isEmpty()) {
                outputs[s] = o.stream().distinct().mapToInt(Integer::intValue).toArray();
                Arrays.sort(outputs[s]);
                hasOutput[s] = true;
            }
        }
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Dense transition table (state * classes + class). Exposed for the engine's fused scan loop. */
    public int[] delta() {
        return delta;
    }

    /** Char (0..127) to alphabet class. */
    public byte[] classTable() {
        return classOf;
    }

    public int classes() {
        return classes;
    }

    public boolean[] outputFlags() {
        return hasOutput;
    }

    public int stateCount() {
        return outputs.length;
    }

    /** Alphabet class of a char (0 if no keyword contains it). */
    public int classOf(char c) {
        return c < 128 ? classOf[c] : 0;
    }

    /** One DFA step. */
    public int step(int state, char c) {
        return c < 128 ? delta[state * classes + classOf[c]] : 0;
    }

    public boolean hasOutput(int state) {
        return hasOutput[state];
    }

    public int[] outputs(int state) {
        return outputs[state];
    }

    public int keywordLength(int id) {
        return keywordLength[id];
    }

    /** Callback for {@link #scan}. */
    public interface HitSink {
        void hit(int keywordId, int start, int end);
    }

    /** Reports every keyword occurrence (start inclusive, end exclusive) in text order of end position. */
    public void scan(CharSequence text, HitSink sink) {
        int s = 0;
        final int[] d = delta;
        final byte[] cl = classOf;
        final int k = classes;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            s = c < 128 ? d[s * k + cl[c]] : 0;
            if (hasOutput[s]) {
                for (int id : outputs[s]) {
                    sink.hit(id, i + 1 - keywordLength[id], i + 1);
                }
            }
        }
    }

    /** Utility for building: de-duplicates keywords (lower-cased) and returns the id of each. */
    public static Map<String, Integer> index(List<String> keywords) {
        Map<String, Integer> m = new HashMap<>();
        for (String k : keywords) {
            m.putIfAbsent(k.toLowerCase(java.util.Locale.ROOT), m.size());
        }
        return m;
    }
}
