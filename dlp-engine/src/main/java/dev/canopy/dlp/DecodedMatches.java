package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches found in the decoded text of a scan ({@link EncodedText}), mapped back to the encoded spans and merged
 * with the plain-text matches: a decoded match that overlaps a plain secret, or a plain match of its own category,
 * is dropped (the encoded token itself, or a value the plain scan reported already).
 */
final class DecodedMatches {
    private DecodedMatches() {
    }

    /** {@code plain} (ordered by start) plus the kept {@code decoded} matches, ordered by start and end. */
    static List<Match> merge(String text, byte[] chars, List<Match> plain, EncodedText.Decoded d, List<Match> decoded) {
        List<Match> out = null;
        int maxPlainSpan = 0;
        for (Match p : plain) {
            maxPlainSpan = Math.max(maxPlainSpan, p.end() - p.start());
        }
        for (Match m : decoded) {
            int a = m.start();
            int b = m.end() - 1;
            if (d.block()[a] < 0 || d.block()[a] != d.block()[b]) {
                continue;
            }
            int os = d.from()[a];
            int oe = d.to()[b];
            if (coveredBy(plain, maxPlainSpan, os, oe, m.category())
                    || (out != null && coveredBy(out.subList(plain.size(), out.size()), Integer.MAX_VALUE, os, oe, m.category()))) {
                continue; // the encoded value itself was reported, the same thing was found in plain text, or twice
            }
            Evidence ev = m.evidence();
            Match mapped = new Match(m.detectorId(), m.type(), m.category(), m.severity(), m.confidence(), os, oe,
                    lineAt(chars, plain, os), new Evidence(ev.maskedSnippet(), ev.fingerprint(), ev.legacyFingerprint(),
                            ev.why() == null ? null : ev.why().withDecoded(d.kinds().get(d.block()[a]))));
            if (out == null) {
                out = new ArrayList<>(plain);
            }
            out.add(mapped);
        }
        if (out == null) {
            return plain;
        }
        out.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::end));
        return out;
    }

    /**
     * A match of {@code matches} (ordered by start; none longer than {@code maxSpan}, or unordered when
     * {@code maxSpan} is {@code Integer.MAX_VALUE}) that is a secret or of {@code category} and overlaps
     * {@code [start, end)}. Ordered lists are searched from the last match starting before {@code end} backwards.
     */
    private static boolean coveredBy(List<Match> matches, int maxSpan, int start, int end, Category category) {
        int i = matches.size() - 1;
        if (maxSpan != Integer.MAX_VALUE) {
            int lo = 0;
            int hi = matches.size();
            while (lo < hi) { // first match starting at or after end
                int mid = (lo + hi) >>> 1;
                if (matches.get(mid).start() < end) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            i = lo - 1;
        }
        for (; i >= 0; i--) {
            Match p = matches.get(i);
            if (maxSpan != Integer.MAX_VALUE && p.start() + maxSpan <= start) {
                break;
            }
            if (p.start() < end && p.end() > start && (p.category() == Category.SECRET || p.category() == category)) {
                return true;
            }
        }
        return false;
    }

    /**
     * 1-based line of {@code offset}: counted from the nearest plain match before it (which knows its line), so a
     * decoded match costs the distance to that match, not a pass over the whole text.
     */
    private static int lineAt(byte[] chars, List<Match> plain, int offset) {
        int lo = 0;
        int hi = plain.size();
        while (lo < hi) { // first plain match starting after offset
            int mid = (lo + hi) >>> 1;
            if (plain.get(mid).start() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int line = lo == 0 ? 1 : plain.get(lo - 1).line();
        for (int i = lo == 0 ? 0 : plain.get(lo - 1).start(); i < offset; i++) {
            if (chars[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
