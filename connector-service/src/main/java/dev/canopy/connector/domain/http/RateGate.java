package dev.canopy.connector.domain.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Paces the requests to one API host: bounded concurrency, a pause ordered by {@code Retry-After}, and slowing down
 * before the limit: once {@code X-RateLimit-Remaining} falls below a fraction of {@code X-RateLimit-Limit}, requests
 * are spaced at the bucket's estimated refill rate.
 */
public final class RateGate {
    private final Semaphore permits;
    private final double slowDownBelow;
    private long notBeforeNanos;
    private long spacingNanos;
    private long lastStartNanos;
    /** Requests started through this gate, and the refill-rate estimate with its current measuring window. */
    private long starts;
    private double refillPerSecond;
    private long windowStartNanos;
    private long windowRemaining;
    private long windowStarts;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    /** Longest pause without a {@code Retry-After} or a refill estimate: a retried 429 teaches us more. */
    private static final Duration MAX_BLIND_PAUSE = Duration.ofSeconds(1);

    public RateGate(int maxConcurrency, double slowDownBelow) {
        this.permits = new Semaphore(maxConcurrency, true);
        this.slowDownBelow = slowDownBelow;
    }

    /** Blocks until this request may start; the caller must {@link #release()} afterwards. */
    public void acquire() throws InterruptedException {
        permits.acquire();
        try {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, Math.max(notBeforeNanos, lastStartNanos + spacingNanos));
                lastStartNanos = start;
                starts++;
                wait = start - now;
            }
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            permits.release();
            throw e;
        }
    }

    public void release() {
        permits.release();
    }

    /** Every request to this host waits at least until {@code pause} from now. */
    public synchronized void pause(Duration pause) {
        notBeforeNanos = Math.max(notBeforeNanos, System.nanoTime() + pause.toNanos());
    }

    /** Reads the rate-limit headers of any response (limit, remaining, reset). */
    public void observe(String limitHeader, String remainingHeader, String resetHeader, Instant now) {
        observe(limitHeader, remainingHeader, resetHeader, now, System.nanoTime());
    }

    /**
     * Atlassian's {@code X-RateLimit-Reset} is minute-granular, far too coarse to pace by: the bucket's refill rate is
     * estimated instead from how {@code Remaining} moves against the requests started meanwhile, and once it falls
     * below the threshold requests are spaced at that rate, which holds the budget steady just under the limit.
     */
    synchronized void observe(String limitHeader, String remainingHeader, String resetHeader, Instant now, long nanos) {
        Long limit = parseLong(limitHeader);
        Long remaining = parseLong(remainingHeader);
        if (limit == null || remaining == null || limit <= 0) {
            return;
        }
        estimateRefill(limit, remaining, nanos);
        Duration untilReset = untilReset(resetHeader, now);
        if (remaining <= 0) {
            spacingNanos = refillPerSecond > 0 ? (long) (1e9 / refillPerSecond) : 0;
            pause(refillPerSecond > 0 ? Duration.ofNanos(spacingNanos) : cap(untilReset));
            return;
        }
        if (remaining < limit * slowDownBelow) {
            spacingNanos = refillPerSecond > 0 ? (long) (1e9 / refillPerSecond)
                    : untilReset == null ? 0 : cap(untilReset).toNanos() / (remaining + 1);
        } else {
            spacingNanos = 0;
        }
    }

    private void estimateRefill(long limit, long remaining, long nanos) {
        if (windowStartNanos == 0 || remaining >= limit || windowRemaining >= limit) {
            startWindow(remaining, nanos);
            return;
        }
        long elapsed = nanos - windowStartNanos;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        double refilled = remaining - windowRemaining + (starts - windowStarts);
        if (refilled > 0) {
            double rate = refilled * 1e9 / elapsed;
            refillPerSecond = refillPerSecond == 0 ? rate : 0.7 * refillPerSecond + 0.3 * rate;
        }
        startWindow(remaining, nanos);
    }

    private void startWindow(long remaining, long nanos) {
        windowStartNanos = nanos;
        windowRemaining = remaining;
        windowStarts = starts;
    }

    private static Duration cap(Duration untilReset) {
        return untilReset == null || untilReset.compareTo(MAX_BLIND_PAUSE) > 0 ? MAX_BLIND_PAUSE : untilReset;
    }

    synchronized double refillPerSecond() {
        return refillPerSecond;
    }

    public synchronized Duration currentSpacing() {
        return Duration.ofNanos(spacingNanos);
    }

    /**
     * {@code X-RateLimit-Reset} comes as epoch seconds, epoch milliseconds, seconds from now or an ISO-8601 time
     * (Jira sends {@code yyyy-MM-ddTHH:mmZ}).
     */
    static Duration untilReset(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Long n = parseLong(v);
        Instant at;
        if (n != null) {
            if (n > 100_000_000_000L) {
                at = Instant.ofEpochMilli(n);
            } else if (n > 1_000_000_000L) {
                at = Instant.ofEpochSecond(n);
            } else {
                return Duration.ofSeconds(Math.max(0, n));
            }
        } else {
            try {
                at = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    at = OffsetDateTime.parse(v.replace("Z", ":00Z"), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Long parseLong(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
