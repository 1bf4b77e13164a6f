package dev.canopy.notifier.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which findings a subscription wants; an empty set means "any". States are compared case-insensitively. */
public record SubscriptionFilter(Set<String> kinds, int minSeverityId, Set<String> ruleIds, Set<String> states) {

    public static final Set<String> KINDS = Set.of(FindingSummary.KIND_DLP, FindingSummary.KIND_POSTURE);

    public SubscriptionFilter {
        kinds = kinds == null ? Set.of() : kinds.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ruleIds = ruleIds == null ? Set.of() : Set.copyOf(ruleIds);
        states = states == null ? Set.of() : states.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean matches(FindingSummary f) {
        return (kinds.isEmpty() || kinds.contains(f.kind()))
                && f.severityId() >= minSeverityId
                && (ruleIds.isEmpty() || (f.ruleId() != null && ruleIds.contains(f.ruleId())))
                && (states.isEmpty() || states.contains(f.state()));
    }

    /** Column form: comma separated, sorted. */
    public static String join(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }

    public static Set<String> split(String column) {
        return column == null || column.isBlank() ? Set.of()
                : Arrays.stream(column.split(",")).filter(s -> !s.isBlank()).collect(Collectors.toUnmodifiableSet());
    }

    public static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
