package dev.canopy.support.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class UtcTimesTest {
    private static final Instant T = Instant.parse("2026-11-01T12:34:56.789Z");

    @Test
    void instantsBindAsUtcOffsetTimes() {
        assertThat(UtcTimes.utc(T)).isEqualTo(OffsetDateTime.of(2026, 11, 1, 12, 34, 56, 789_000_000, ZoneOffset.UTC));
        assertThat(UtcTimes.utc(null)).isNull();
        assertThat(UtcTimes.iso(T)).isEqualTo("2026-11-01T12:34:56.789Z");
        assertThat(UtcTimes.iso(null)).isNull();
    }

    @Test
    void everyDriverTypeReadsBackAsTheSameInstant() {
        assertThat(UtcTimes.instant(T.atOffset(ZoneOffset.ofHours(2)))).isEqualTo(T);
        assertThat(UtcTimes.instant(T)).isEqualTo(T);
        assertThat(UtcTimes.instant(LocalDateTime.ofInstant(T, ZoneOffset.UTC))).isEqualTo(T);
        assertThat(UtcTimes.instant(Timestamp.from(T))).isEqualTo(T);
        assertThat(UtcTimes.instant(null)).isNull();
        assertThatThrownBy(() -> UtcTimes.instant("2026-11-01")).isInstanceOf(IllegalArgumentException.class);
    }
}
