package dev.canopy.dlp;

/**
 * A confirmed candidate before overlap resolution: match span, secret span, confidence (after context words), the
 * confidence before them, the validator's factor, the entropy (NaN when not computed) and the context cues.
 */
record Raw(Detector det, int start, int end, int secretStart, int secretEnd, double conf, double base,
        double factor, double entropy, ContextWords.Ctx ctx) {
    int group() {
        return det.category().ordinal();
    }
}
