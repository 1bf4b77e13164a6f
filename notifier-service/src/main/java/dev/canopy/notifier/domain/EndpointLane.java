package dev.canopy.notifier.domain;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.support.resilience.CircuitBreaker;

/**
 * The in-memory queue, in-flight count and circuit of one subscription endpoint. Lanes are independent, so a
 * slow or failing endpoint only ever fills its own lane.
 */
final class EndpointLane {
    final UUID subscriptionId;
    final CircuitBreaker breaker;
    final Deque<DeliveryJob> queue = new ArrayDeque<>();
    int inFlight;
    /** Health writes on success are needed only after failures, or now and then to refresh last_success_at. */
    boolean failingKnown = true;
    long lastSuccessWriteNanos;

    EndpointLane(UUID subscriptionId, CircuitBreaker breaker) {
        this.subscriptionId = subscriptionId;
        this.breaker = breaker;
    }
}
