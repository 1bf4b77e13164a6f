package dev.canopy.notifier.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The finding filter stored with a subscription; an empty set means "any". Kinds and states are kept lower case.
 * What a filter lets through is the domain's to say ({@code FindingSummary.wantedBy}).
 */
public record SubscriptionFilter(Set<String> kinds, int minSeverityId, Set<String> ruleIds, Set<String> states) {

    public SubscriptionFilter {
        kinds = kinds == null ? Set.of() : kinds.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ruleIds = ruleIds == null ? Set.of() : Set.copyOf(ruleIds);
        states = states == null ? Set.of() : states.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
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
