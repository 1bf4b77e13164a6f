package dev.canopy.dlp;

import java.util.List;

/**
 * Why a match fired, for an analyst to judge it. Holds nothing of the value itself beyond its Shannon entropy.
 *
 * @param detector        the detector id
 * @param trigger         how the candidate was found: {@code keyword}, {@code full-text} or {@code char-class}
 * @param keyword         for built-in and imported secret detectors, the detector keyword found in the match (its
 *                        literal prefix such as {@code ghp_} or the key name such as {@code password}, both part of
 *                        the detector's definition); null otherwise
 * @param validator       the check the value passed ({@code luhn}, {@code iban-mod97}, {@code verhoeff},
 *                        {@code jwt-header}, {@code not-placeholder+not-example} …) or {@code none}
 * @param validatorResult {@code ok} (passed), {@code lowered} (passed with a lower confidence, e.g. a documentation
 *                        sample) or {@code none} (no check)
 * @param entropy         Shannon entropy (bits per char, 2 decimals) of the secret part; null for personal data
 * @param minEntropy      the detector's entropy threshold the value had to exceed; null without one
 * @param contextWords    context words near the match that raised the confidence (+0.35)
 * @param contextLowering context words near the match that lowered it (−0.35)
 * @param baseConfidence  the confidence before context words
 * @param decoded         the encoding the value was found under ({@code base64}, {@code url}, {@code html}: quotes
 *                        written as entities); null in plain text
 */
public record Explanation(String detector, String trigger, String keyword, String validator, String validatorResult,
        Double entropy, Double minEntropy, List<String> contextWords, List<String> contextLowering,
        double baseConfidence, String decoded) {

    public Explanation {
        contextWords = contextWords == null ? List.of() : List.copyOf(contextWords);
        contextLowering = contextLowering == null ? List.of() : List.copyOf(contextLowering);
    }

    /** The same explanation for a value found after decoding. */
    public Explanation withDecoded(String encoding) {
        return new Explanation(detector, trigger, keyword, validator, validatorResult, entropy, minEntropy, contextWords,
                contextLowering, baseConfidence, encoding);
    }
}
