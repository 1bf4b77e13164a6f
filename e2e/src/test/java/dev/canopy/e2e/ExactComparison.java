package dev.canopy.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Assertions;

/** Compares what the platform shows with the ground truth as multisets: no missing, no extra, no duplicate. */
final class ExactComparison {
    private ExactComparison() {
    }

    static Map<String, Integer> multiset(Collection<String> items) {
        Map<String, Integer> m = new TreeMap<>();
        items.forEach(i -> m.merge(i, 1, Integer::sum));
        return m;
    }

    /** Empty when equal, otherwise the differences, one per line. */
    static String diff(Map<String, Integer> expected, Map<String, Integer> actual) {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> all = new TreeMap<>(expected);
        actual.forEach((k, v) -> all.putIfAbsent(k, 0));
        all.forEach((key, ignored) -> {
            int e = expected.getOrDefault(key, 0);
            int a = actual.getOrDefault(key, 0);
            if (e != a) {
                out.append(a < e ? "  missing " : "  extra   ").append(key)
                        .append(" (expected ").append(e).append(", got ").append(a).append(")\n");
            }
        });
        return out.toString();
    }

    static void assertExactly(String what, Collection<String> expected, Collection<String> actual) {
        Mismatches m = new Mismatches();
        m.compare(what, expected, actual);
        m.assertNone();
    }

    /** Collects every comparison of a test so one run shows all differences, then fails once. */
    static final class Mismatches {
        private final List<String> failures = new ArrayList<>();

        void compare(String what, Collection<String> expected, Collection<String> actual) {
            String diff = diff(multiset(expected), multiset(actual));
            if (diff.isEmpty()) {
                System.out.println(what + ": exactly the ground truth (" + expected.size() + ")");
            } else {
                String failure = what + ": expected exactly " + expected.size() + ", got " + actual.size() + "\n" + diff;
                System.out.println(failure);
                failures.add(failure);
            }
        }

        void assertNone() {
            if (!failures.isEmpty()) {
                Assertions.fail(String.join("\n", failures));
            }
        }
    }
}
