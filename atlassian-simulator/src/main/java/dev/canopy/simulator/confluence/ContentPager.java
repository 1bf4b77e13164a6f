package dev.canopy.simulator.confluence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.canopy.simulator.http.FaultDecision;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;

/**
 * Keyset pagination over a site's content in a given sort order. Sorted views are cached per site, kind set and sort
 * until the site changes. Applies the paging faults: an item repeated from the previous page, an item edited between
 * page fetches.
 */
final class ContentPager {
    record Page(List<SimContent> items, String nextCursorPayload) {
    }

    private record CacheKey(String site, Set<ContentKind> kinds, ContentSort sort) {
    }

    private record Cached(long modCount, List<SimContent> sorted) {
    }

    private final Map<CacheKey, Cached> cache = new HashMap<>();

    Page page(SimSite site, Set<ContentKind> kinds, ContentSort sort, Predicate<SimContent> filter, String cursorPayload,
            int limit, FaultDecision fault) {
        List<SimContent> sorted = sorted(site, kinds, sort);
        int start = 0;
        ContentSort.Key after = ContentSort.parseCursor(cursorPayload);
        if (after != null) {
            start = firstAfter(sorted, sort, after);
            if (fault != null && fault.duplicateItem()) {
                int prev = previousMatch(sorted, filter, start);
                start = prev >= 0 ? prev : start;
            }
            if (fault != null && fault.editBetweenPages()) {
                int prev = previousMatch(sorted, filter, start);
                if (prev >= 0) {
                    SimContent edited = sorted.get(prev);
                    edited.edit(edited.lastEditorId, Instant.now());
                    site.modCount++;
                }
            }
        }
        List<SimContent> out = new ArrayList<>(limit);
        boolean more = false;
        for (int i = start; i < sorted.size(); i++) {
            SimContent c = sorted.get(i);
            if (!filter.test(c)) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(c);
        }
        return new Page(out, more ? sort.cursorPayload(out.get(out.size() - 1)) : null);
    }

    private List<SimContent> sorted(SimSite site, Set<ContentKind> kinds, ContentSort sort) {
        CacheKey key = new CacheKey(site.name, kinds, sort);
        Cached c = cache.get(key);
        if (c == null || c.modCount() != site.modCount) {
            List<SimContent> list = new ArrayList<>();
            for (SimContent x : site.content.values()) {
                if (kinds.contains(x.kind)) {
                    list.add(x);
                }
            }
            list.sort(sort.comparator());
            c = new Cached(site.modCount, list);
            cache.put(key, c);
        }
        return c.sorted();
    }

    private static int firstAfter(List<SimContent> sorted, ContentSort sort, ContentSort.Key after) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sort.compare(sort.keyOf(sorted.get(mid)), after) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int previousMatch(List<SimContent> sorted, Predicate<SimContent> filter, int start) {
        for (int i = start - 1; i >= 0; i--) {
            if (filter.test(sorted.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
