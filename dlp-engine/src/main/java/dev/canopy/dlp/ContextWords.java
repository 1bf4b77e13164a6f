package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Context words near a candidate (±0.35 to its confidence): which cue is nearest and whether it stands alone. */
final class ContextWords {
    private ContextWords() {
    }

    /** The context cue nearest to {@code [start, end)} (48 chars before, 24 after) and its effect. */
    static Ctx of(Detector d, String text, int start, int end) {
        if (d.contextPlus().isEmpty() && d.contextMinus().isEmpty()) {
            return Ctx.NONE;
        }
        String before = text.substring(Math.max(0, start - 48), start).toLowerCase(Locale.ROOT);
        String after = text.substring(end, Math.min(text.length(), end + 24)).toLowerCase(Locale.ROOT);
        List<String> plusWords = new ArrayList<>(0);
        List<String> minusWords = new ArrayList<>(0);
        // which pairs of adjacent chars each side has (hashed; a superset), for both lists of cues: a cue whose first
        // two chars are not there is not searched for (most cues are absent, and the searches were most of the cost)
        long[] pairsBefore = pairs(before);
        long[] pairsAfter = pairs(after);
        int plus = nearest(before, after, pairsBefore, pairsAfter, d.contextPlus(), plusWords);
        int minus = nearest(before, after, pairsBefore, pairsAfter, d.contextMinus(), minusWords);
        // the closer cue wins: "Phone: 358 0594" in a text that also mentions a "license clerk"
        if (plus >= 0 && (minus < 0 || plus <= minus)) {
            return new Ctx(0.35, plusWords, List.of());
        } else if (minus >= 0) {
            return new Ctx(-0.35, List.of(), minusWords);
        }
        return Ctx.NONE;
    }

    /** Effect of context words on one candidate: the delta applied and the words that caused it. */
    record Ctx(double delta, List<String> raised, List<String> lowered) {
        static final Ctx NONE = new Ctx(0, List.of(), List.of());

        double apply(double conf) {
            return delta > 0 ? Math.min(1.0, conf + delta) : delta < 0 ? Math.max(0.0, conf + delta) : conf;
        }
    }

    /**
     * Added to the distance of a cue on another line than the match: a cue on the match's own line is nearer than any
     * on the lines around it ("Suite 1" ending the address line above "(202) 555-0143 x391-Office").
     */
    private static final int OTHER_LINE = 1_000;

    /**
     * Distance (chars) from the match to the nearest word of {@code words}, or -1; the words found are added to
     * {@code found} (trimmed). A cue counts as a word of its own: not inside an address or identifier
     * ({@code grace+release@…}, {@code phone-call}, {@code call_id}). {@code pairsBefore} and {@code pairsAfter} are
     * the two sides' {@link #pairs}.
     */
    private static int nearest(String before, String after, long[] pairsBefore, long[] pairsAfter, List<String> words,
            List<String> found) {
        int best = -1;
        for (String w : words) {
            boolean hit = false;
            boolean inBefore = mayContain(pairsBefore, w);
            boolean inAfter = mayContain(pairsAfter, w);
            if (!inBefore && !inAfter) {
                continue;
            }
            for (int b = inBefore ? before.lastIndexOf(w) : -1; b >= 0; b = before.lastIndexOf(w, b - 1)) {
                if (standsAlone(before, b, b + w.length())) {
                    int dist = before.length() - (b + w.length());
                    dist += before.indexOf('\n', b + w.length()) >= 0 ? OTHER_LINE : 0;
                    best = best < 0 ? dist : Math.min(best, dist);
                    hit = true;
                    break;
                }
            }
            for (int a = inAfter ? after.indexOf(w) : -1; a >= 0; a = after.indexOf(w, a + 1)) {
                if (standsAlone(after, a, a + w.length())) {
                    int dist = a + (after.lastIndexOf('\n', a) >= 0 ? OTHER_LINE : 0);
                    best = best < 0 ? dist : Math.min(best, dist);
                    hit = true;
                    break;
                }
            }
            if (hit && !found.contains(w.strip())) {
                found.add(w.strip());
            }
        }
        return best;
    }

    /** A 1024-bit set of the hashed pairs of adjacent chars of {@code s}. */
    private static long[] pairs(String s) {
        long[] set = new long[16];
        for (int i = 0; i + 1 < s.length(); i++) {
            int h = pairHash(s.charAt(i), s.charAt(i + 1));
            set[h >>> 6] |= 1L << h;
        }
        return set;
    }

    /** False only when {@code w} (two chars or more) cannot occur in the string of {@code pairs}. */
    private static boolean mayContain(long[] pairs, String w) {
        if (w.length() < 2) {
            return true;
        }
        int h = pairHash(w.charAt(0), w.charAt(1));
        return (pairs[h >>> 6] & 1L << h) != 0;
    }

    private static int pairHash(char a, char b) {
        return (a * 31 + b) & 1023;
    }

    private static boolean standsAlone(String s, int from, int to) {
        return !joins(s, from - 1, -1) && !joins(s, to, 1);
    }

    /**
     * Whether the char at {@code i} glues a cue to a neighbouring word: a letter, '@', '+', '_', or '.' + letter
     * ({@code grace+release@…}, {@code call_id}, {@code order.status}); a hyphen does not ({@code Steuer-IdNr}).
     */
    private static boolean joins(String s, int i, int dir) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        if (Character.isLetter(c) || c == '@' || c == '+' || c == '_') {
            return true;
        }
        int j = i + dir;
        return c == '.' && j >= 0 && j < s.length() && Character.isLetter(s.charAt(j));
    }
}
