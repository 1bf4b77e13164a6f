package dev.canopy.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next attempt happens. The schedule lists the delay before each attempt (entry 0 = first attempt);
 * after the last entry the delivery is dead. Each delay gets random jitter; a Retry-After from the receiver
 * pushes the next attempt later, never earlier, up to a bound.
 */
public final class RetryPolicy {
    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;

    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one entry");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
    }

    public int maxAttempts() {
        return schedule.size();
    }

    /** @param attemptsMade attempts made so far in this cycle (≥ 1); null when no attempt remains */
    public Instant nextAttempt(int attemptsMade, Instant now, Duration retryAfter) {
        if (attemptsMade >= schedule.size()) {
            return null;
        }
        long base = schedule.get(attemptsMade).toMillis();
        long spread = (long) (base * jitter);
        long delay = spread > 0 ? base + ThreadLocalRandom.current().nextLong(-spread, spread + 1) : base;
        if (retryAfter != null) {
            long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
            delay = Math.max(delay, honoured);
        }
        return now.plusMillis(Math.max(0, delay));
    }
}
