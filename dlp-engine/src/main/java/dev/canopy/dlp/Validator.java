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

    /**
     * Short name of the check for a finding's explanation ({@link Explanation#validator()}), e.g. {@code jwt-header};
     * never derived from the value.
     */
    default String name() {
        return "check";
    }

    /** {@code check} under a name (shown in explanations). */
    static Validator named(String name, Validator check) {
        return new Validator() {
            @Override
            public double check(CharSequence value) {
                return check.check(value);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    default Validator and(Validator other) {
        Validator self = this;
        return named(name() + "+" + other.name(), v -> {
            double a = self.check(v);
            return a <= 0 ? a : a * other.check(v);
        });
    }
}
