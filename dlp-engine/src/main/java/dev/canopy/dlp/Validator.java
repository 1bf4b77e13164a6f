package dev.canopy.dlp;

/**
 * Checks a candidate secret value (the secret group of a regex match) after the regex confirmed it.
 * Returns a confidence factor: {@code <= 0} rejects the candidate, {@code 1} keeps the detector's confidence,
 * values in between lower it (e.g. documented example keys such as {@code AKIAIOSFODNN7EXAMPLE}).
 */
@FunctionalInterface
public interface Validator {
    double check(CharSequence value);

    Validator ACCEPT = v -> 1.0;

    default Validator and(Validator other) {
        return v -> {
            double a = check(v);
            return a <= 0 ? a : a * other.check(v);
        };
    }
}
