package dev.canopy.support.rest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The token buckets of this replica, by key ({@code t:<tenant>}, {@code t:<tenant>:<bucket>}, {@code ip:<address>}).
 * Limits are per replica: N replicas behind a load balancer allow up to N times the configured rate in total.
 */
@ApplicationScoped
public class RateLimiter {
    /** The outcome of one request against the buckets that apply to it. */
    public record Decision(boolean allowed, long retryAfterSeconds, String limit) {
        static final Decision ALLOWED = new Decision(true, 0, null);
    }

    private static final String OVERFLOW = "overflow";
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final RateLimitConfig config;
    private final LongSupplier clock;

    @Inject
    public RateLimiter(RateLimitConfig config) {
        this(config, System::nanoTime);
    }

    RateLimiter(RateLimitConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** A request of an authenticated tenant; {@code named} is the {@link RateLimited} bucket of the endpoint or null. */
    public Decision tenant(String tenant, String named) {
        if (!config.enabled()) {
            return Decision.ALLOWED;
        }
        Decision all = take("t:" + tenant, config.tenantCapacity(), config.tenantPerSecond(), "tenant");
        if (!all.allowed() || named == null) {
            return all;
        }
        RateLimitConfig.Bucket b = config.buckets().get(named);
        int capacity = b == null ? 10 : b.capacity();
        double perSecond = b == null ? 0.2 : b.perSecond();
        return take("t:" + tenant + ":" + named, capacity, perSecond, "'" + named + "'");
    }

    /** A request without a valid token, limited per caller address. */
    public Decision anonymous(String address) {
        if (!config.enabled()) {
            return Decision.ALLOWED;
        }
        return take("ip:" + (address == null ? "unknown" : address), config.anonymousCapacity(),
                config.anonymousPerSecond(), "unauthenticated");
    }

    private Decision take(String key, int capacity, double perSecond, String limit) {
        long now = clock.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= config.maxTrackedKeys()) {
                buckets.entrySet().removeIf(e -> e.getValue().idle(now));
                if (buckets.size() >= config.maxTrackedKeys()) {
                    key = OVERFLOW + ":" + limit;
                }
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, perSecond, now));
        }
        long waitNanos = bucket.tryTake(now);
        if (waitNanos == 0) {
            return Decision.ALLOWED;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        return new Decision(false, seconds, limit + " limit of " + capacity + " requests, " + rate(perSecond));
    }

    private static String rate(double perSecond) {
        return perSecond >= 1 ? String.format(java.util.Locale.ROOT, "%.0f per second", perSecond)
                : String.format(java.util.Locale.ROOT, "%.0f per minute", perSecond * 60);
    }

    /** 429 problem+json with Retry-After (whole seconds). */
    public static Response tooManyRequests(Decision d, UriInfo uri) {
        return Problems.builder(429, "Too Many Requests", "too many requests: " + d.limit()
                + " on this replica exceeded; retry after " + d.retryAfterSeconds() + " s", uri)
                .header("Retry-After", String.valueOf(d.retryAfterSeconds())).build();
    }

    int trackedKeys() {
        return buckets.size();
    }
}
