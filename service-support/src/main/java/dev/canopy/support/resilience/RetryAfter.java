package dev.canopy.support.resilience;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Also accepts fractional
 * seconds ("1.5"), which some Atlassian gateways send. A negative, signed or otherwise unreadable value is treated as
 * absent (the caller then uses its own backoff); a date in the past means "now" (zero).
 *
 * <p>Every answer is capped at {@link #CEILING}: a server can send "99999999999999999999" and no caller should have
 * to guard against overflow. Callers apply their own, smaller policy bound (the connector refuses a wait longer than
 * its maximum, the notifier caps it).
 */
public final class RetryAfter {
    /** The longest wait this parser ever answers. */
    public static final Duration CEILING = Duration.ofDays(1);
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,30}(\\.\\d{1,9})?");

    private RetryAfter() {
    }

    /** The wait asked for by {@code value}, measured from {@code now}; empty when absent or unreadable. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (DELTA_SECONDS.matcher(v).matches()) {
            BigDecimal millis = new BigDecimal(v).movePointRight(3);
            return Optional.of(millis.compareTo(BigDecimal.valueOf(CEILING.toMillis())) >= 0
                    ? CEILING : Duration.ofMillis(millis.longValue()));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (!at.isAfter(now)) {
                return Optional.of(Duration.ZERO);
            }
            Duration d = Duration.between(now, at);
            return Optional.of(d.compareTo(CEILING) > 0 ? CEILING : d);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
