package dev.canopy.connector.domain.http;

import java.time.Duration;

/**
 * Per-connection breaker: opens after {@code threshold} consecutive failed requests (retries exhausted), fails fast
 * while open, lets one trial request through once {@code openFor} has passed and closes again on its success.
 */
public final class CircuitBreaker {
    private final int threshold;
    private final long openForNanos;
    private int consecutiveFailures;
    private long openedAt;
    private boolean open;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
    }

    public synchronized void acquire(String target) {
        if (!open) {
            return;
        }
        if (System.nanoTime() - openedAt >= openForNanos && !trialInFlight) {
            trialInFlight = true;
            return;
        }
        throw new CircuitOpenException("circuit open for " + target + " after " + consecutiveFailures
                + " consecutive failures; retrying later");
    }

    public synchronized void success() {
        consecutiveFailures = 0;
        open = false;
        trialInFlight = false;
    }

    public synchronized void failure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= threshold) {
            open = true;
            openedAt = System.nanoTime();
        }
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
