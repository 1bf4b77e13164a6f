package dev.canopy.support.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void opensAfterConsecutiveFailuresThenLetsOneTrialThrough() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertThat(b.tryAcquire(T)).isTrue();
            b.onFailure(T);
        }
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.tryAcquire(T.plusSeconds(10))).isFalse();
        assertThat(b.retryAt(T.plusSeconds(10))).isEqualTo(T.plusSeconds(30));

        assertThat(b.tryAcquire(T.plusSeconds(31))).isTrue(); // the trial
        assertThat(b.tryAcquire(T.plusSeconds(31))).isFalse(); // only one
        b.onFailure(T.plusSeconds(32));
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThat(b.tryAcquire(T.plusSeconds(70))).isTrue();
        b.onSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.tryAcquire(T.plusSeconds(70))).isTrue();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30));
        b.onFailure(T);
        b.onFailure(T);
        b.onSuccess();
        b.onFailure(T);
        b.onFailure(T);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aFailedTrialOpensAgainForTheWholePeriodFromTheTrial() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(30));
        b.onFailure(T);
        assertThat(b.tryAcquire(T.plusSeconds(30))).isTrue();
        b.onFailure(T.plusSeconds(40));
        assertThat(b.tryAcquire(T.plusSeconds(69))).isFalse();
        assertThat(b.tryAcquire(T.plusSeconds(70))).isTrue();
    }

    @Test
    void aBreakerThatNeverOpensLetsEverythingThrough() {
        // the connector's verification client: retries bounded by the caller, never a circuit
        CircuitBreaker b = new CircuitBreaker(Integer.MAX_VALUE, Duration.ofSeconds(30));
        for (int i = 0; i < 1000; i++) {
            b.onFailure(T);
        }
        assertThat(b.tryAcquire(T)).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
