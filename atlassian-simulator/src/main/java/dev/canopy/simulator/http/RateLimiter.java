package dev.canopy.simulator.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;

import dev.canopy.simulator.SimulatorConfig.RateLimit;

/** A token bucket per (credential, endpoint family). */
public final class RateLimiter {
    /** Atlassian documents X-RateLimit-Reset as an ISO-8601 timestamp {@code yyyy-MM-ddTHH:mmZ}. */
    private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile RateLimit limit;

    public RateLimiter(RateLimit limit) {
        this.limit = limit;
    }

    public RateLimit limit() {
        return limit;
    }

    public void update(RateLimit newLimit) {
        limit = newLimit;
        buckets.clear();
    }

    /** Result of taking one token: allowed or not, the headers to send, and how long to wait when refused. */
    public record Verdict(boolean allowed, int limit, int remaining, String reset, int retryAfterSeconds) {
    }

    public Verdict take(String credential, ApiFamily family) {
        RateLimit l = limit;
        if (l.perSecond() <= 0) {
            return new Verdict(true, Integer.MAX_VALUE, Integer.MAX_VALUE, RESET.format(Instant.now()), 0);
        }
        Bucket b = buckets.computeIfAbsent(credential + "|" + family, k -> new Bucket(l.burst()));
        synchronized (b) {
            long nowNanos = System.nanoTime();
            b.tokens = Math.min(l.burst(), b.tokens + (nowNanos - b.lastNanos) / 1e9 * l.perSecond());
            b.lastNanos = nowNanos;
            boolean allowed = b.tokens >= 1;
            if (allowed) {
                b.tokens -= 1;
            }
            double secondsToFull = (l.burst() - b.tokens) / l.perSecond();
            String reset = RESET.format(Instant.now().plusMillis((long) (secondsToFull * 1000)).plusSeconds(59));
            int retryAfter = Math.max(l.retryAfterSeconds(), (int) Math.ceil((1 - b.tokens) / l.perSecond()));
            return new Verdict(allowed, l.burst(), (int) Math.floor(b.tokens), reset, allowed ? 0 : retryAfter);
        }
    }

    private static final class Bucket {
        double tokens;
        long lastNanos = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }
    }
}
