package dev.canopy.support.rest;

/**
 * A token bucket: holds up to {@code capacity} tokens, gains {@code perSecond} tokens per second, and a request takes
 * one. Time is passed in (nanoseconds from any fixed origin) so it is testable without sleeping.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updated;

    public TokenBucket(int capacity, double perSecond, long nowNanos) {
        if (capacity < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.updated = nowNanos;
    }

    /** Takes a token: 0 when granted, otherwise the nanoseconds until one will be available. */
    public synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** True when the bucket is full again, i.e. it carries no state worth keeping. */
    public synchronized boolean idle(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updated = nowNanos;
        }
    }
}
