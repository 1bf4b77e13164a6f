package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which candidates of one scan are reported: detectors below their minimum occurrences are dropped, then within
 * PII, secrets and custom rules the best (confidence, then length, then position) of overlapping candidates wins,
 * and PII inside a secret or custom match is dropped.
 */
final class Overlaps {
    private Overlaps() {
    }

    /** The reported candidates of {@code raws}, unordered. */
    static List<Raw> resolve(List<Raw> raws) {
    // minimum occurrences
    Map<Detector, Integer> counts = new java.util.IdentityHashMap<>();
    boolean anyMin = false;
    for (Raw r : raws) {
        counts.merge(r.det(), 1, Integer::sum);
        anyMin |= r.det().minOccurrences() > 1;
    }
    if (anyMin) {
        raws = raws.stream().filter(r -> counts.get(r.det()) >= r.det().minOccurrences()).toList();
    }
    // overlap resolution: best (confidence, length) first, per group
    List<Raw> sorted = new ArrayList<>(raws);
    sorted.sort(Comparator.comparingDouble(Raw::conf).reversed()
            .thenComparing(Comparator.comparingInt((Raw r) -> r.end() - r.start()).reversed())
            .thenComparingInt(Raw::start));
    List<TreeMap<Integer, Raw>> kept = new ArrayList<>();
    for (int g = 0; g < Category.values().length; g++) {
        kept.add(new TreeMap<>());
    }
    for (Raw r : sorted) {
        if (!overlaps(kept.get(r.group()), r.start(), r.end())) {
            kept.get(r.group()).put(r.start(), r);
        }
    }
    List<Raw> result = new ArrayList<>();
    for (int g = 0; g < kept.size(); g++) {
        for (Raw r : kept.get(g).values()) {
            if (g == Category.PII.ordinal() && (overlaps(kept.get(Category.SECRET.ordinal()), r.start(), r.end())
                    || overlaps(kept.get(Category.CUSTOM.ordinal()), r.start(), r.end()))) {
                continue;
            }
            result.add(r);
        }
    }
        return result;
    }

    private static boolean overlaps(TreeMap<Integer, Raw> m, int start, int end) {
        var lower = m.lowerEntry(end);
        return lower != null && lower.getValue().end() > start;
    }
}
