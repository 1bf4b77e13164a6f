package dev.canopy.dlp;

/**
 * Built-in PII recognizer fed by the engine's character-class scanners (NUMBER tokens are passed only when they
 * have at least {@link #NUMBER_DIGITS} digits — or the detector's {@link Detector#minDigits} — or 4+ digits with
 * exactly 3 dots). Returns the accepted span and confidence, or {@code null}.
 */
@FunctionalInterface
public interface TokenRecognizer {
    /** The fewest digits of a NUMBER token passed to every NUMBER recognizer (cards, SSN, Aadhaar, tax ids, phones). */
    int NUMBER_DIGITS = 7;

    /** Candidate kinds the engine produces. */
    enum Kind {
        /** A run of digits with single separators ({@code space - . / ( ) +}), start..end. */
        NUMBER,
        /** An '@' at position start (end = start + 1). */
        AT_SIGN,
        /** A ':' at position start. */
        COLON,
        /**
         * A digit run at start preceded directly by letters (IBAN, NINO, PAN...), or by an ASCII capital and one
         * space ("AB 12 34 56 C").
         */
        LETTERS_DIGITS
    }

    record Found(int start, int end, double confidence) {
    }

    Found recognize(String text, int start, int end);
}
