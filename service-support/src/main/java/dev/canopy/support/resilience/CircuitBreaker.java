package dev.canopy.support.resilience;

import java.time.Duration;
import java.time.Instant;

/**
 * A circuit for one destination (a webhook endpoint, an Atlassian connection): after {@code threshold} consecutive
 * failures it opens and holds requests back for {@code openFor}; then one trial request decides between closing and
 * opening again.
 *
 * <p>The caller passes the time to every call that needs it instead of the breaker reading a clock, so tests drive
 * it with fixed instants and a caller with its own clock (the notifier's dispatcher) stays consistent with it.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil = Instant.EPOCH;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** May a request go out now? A true answer in the half-open state reserves the single trial. */
    public synchronized boolean tryAcquire(Instant now) {
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure(Instant now) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openUntil = now.plus(openFor);
            trialInFlight = false;
        }
    }

    /** When held-back deliveries should be looked at again. */
    public synchronized Instant retryAt(Instant now) {
        return state == State.OPEN && openUntil.isAfter(now) ? openUntil : now.plus(openFor.dividedBy(4));
    }

    public synchronized State state() {
        return state;
    }

    /** Failures since the last success, for messages such as "open after 5 consecutive failures". */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
