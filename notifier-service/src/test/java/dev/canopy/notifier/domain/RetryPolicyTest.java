package dev.canopy.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    @Test
    void followsTheScheduleWithJitterAndEndsAfterTheLastAttempt() {
        RetryPolicy p = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24));
        assertThat(p.maxAttempts()).isEqualTo(8);
        for (int i = 0; i < 50; i++) {
            assertThat(Duration.between(NOW, p.nextAttempt(1, NOW, null))).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
            assertThat(Duration.between(NOW, p.nextAttempt(7, NOW, null))).isBetween(Duration.ofHours(8), Duration.ofHours(12));
        }
        assertThat(p.nextAttempt(8, NOW, null)).isNull();
    }

    @Test
    void retryAfterDelaysButNeverHastensAndIsBounded() {
        RetryPolicy p = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(1));
        assertThat(p.nextAttempt(1, NOW, Duration.ofSeconds(120))).isEqualTo(NOW.plusSeconds(120));
        assertThat(p.nextAttempt(2, NOW, Duration.ofSeconds(1))).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(p.nextAttempt(1, NOW, Duration.ofDays(3))).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }
}
