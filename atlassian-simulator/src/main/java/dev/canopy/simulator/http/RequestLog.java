package dev.canopy.simulator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.ext.web.RoutingContext;

/**
 * The distinct API requests served (method, API path without the {@code /site/{name}} prefix, query parameter names),
 * so tests can check every request a client sent against the official descriptions. Bounded: after
 * {@link #MAX_ENTRIES} distinct entries new ones are dropped and {@link #truncated()} says so. Path segments that are
 * ids vary per request, so a client reading many items adds one entry per item; the bound keeps that finite.
 */
public final class RequestLog {
    public static final int MAX_ENTRIES = 20_000;

    public record Entry(String method, String family, String path, Set<String> params) {
    }

    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
    private volatile boolean truncated;

    public void record(RoutingContext ctx, ApiFamily family) {
        if (entries.size() >= MAX_ENTRIES) {
            truncated = true;
            return;
        }
        String path = ctx.request().path();
        String site = ctx.pathParam("site");
        if (site != null && path.startsWith("/site/" + site)) {
            path = path.substring(("/site/" + site).length());
        }
        entries.add(new Entry(ctx.request().method().name(), family.name(), path,
                new TreeSet<>(ctx.queryParams().names())));
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public boolean truncated() {
        return truncated;
    }

    public void clear() {
        entries.clear();
        truncated = false;
    }
}
