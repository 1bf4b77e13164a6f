package dev.canopy.findings.domain.posture;

/** A tunable of the check catalogue: a number or a list of strings, with its default. */
public record ThresholdDefinition(String name, String description, Object defaultValue) {
    public boolean isList() {
        return defaultValue instanceof java.util.List;
    }
}
