package dev.canopy.dlp;

/**
 * One finding. Offsets are UTF-16 indexes into the scanned text ({@code end} exclusive), {@code line} is 1-based.
 * The raw secret is not reachable from a Match: only masked evidence and a salted fingerprint are kept.
 */
public record Match(String detectorId, String type, Category category, Severity severity, double confidence,
        int start, int end, int line, Evidence evidence) {

    /** Same match moved by {@code delta} chars and {@code lineDelta} lines (used when stitching chunks). */
    public Match shift(long delta, int lineDelta) {
        return new Match(detectorId, type, category, severity, confidence, Math.toIntExact(start + delta),
                Math.toIntExact(end + delta), line + lineDelta, evidence);
    }

    @Override
    public String toString() {
        return "Match[" + detectorId + " " + type + " " + category + " " + severity + " conf="
                + String.format(java.util.Locale.ROOT, "%.2f", confidence) + " @" + start + "-" + end + " line "
                + line + " " + evidence.maskedSnippet() + " fp=" + evidence.fingerprint().substring(0, 12) + "]";
    }
}
