package dev.canopy.support.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void wholeAndFractionalDeltaSeconds() {
        assertThat(RetryAfter.parse("30", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("1.5", NOW)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("0.001", NOW)).contains(Duration.ofMillis(1));
    }

    @Test
    void httpDateFromNowAndAPastDateMeansNow() {
        assertThat(RetryAfter.parse("Sun, 01 Nov 2026 00:02:00 GMT", NOW)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Sat, 31 Oct 2026 23:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void negativeSignedOrGarbageIsAbsent() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("  ", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
        assertThat(RetryAfter.parse("+5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("NaN", NOW)).isEmpty();
        assertThat(RetryAfter.parse("Infinity", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1e3", NOW)).isEmpty();
        assertThat(RetryAfter.parse("0x10", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.", NOW)).isEmpty();
    }

    @Test
    void hugeValuesAreCappedInsteadOfOverflowing() {
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.CEILING);
        assertThat(RetryAfter.parse("86400.5", NOW)).contains(RetryAfter.CEILING);
        assertThat(RetryAfter.parse("Fri, 01 Nov 2030 00:00:00 GMT", NOW)).contains(RetryAfter.CEILING);
    }
}
