package dev.canopy.dlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time budget of one text (one content version, possibly scanned in chunks): each tenant or imported (RE2J) rule
 * may spend at most {@code perRule} on it, and all of them together at most {@code perText}. A rule whose budget runs
 * out is stopped in the middle of its match attempt (the input it reads checks a deadline, see
 * {@link LinearPattern}), skipped for the rest of the text and listed in {@link #exceeded()}; matches it reported
 * before are kept. Built-in detectors (our reviewed patterns and recognizers) are not budgeted.
 *
 * <p>Wall-clock time (the deadline is checked every {@value Deadline#CHECK_EVERY} chars read, a nanoTime call), so on
 * a loaded machine a rule is stopped earlier in terms of work. Not thread-safe: one per text.
 */
public final class ScanBudget {
    private final long perRuleNanos;
    private final long perTextNanos;
    private long textSpent;
    private long[] spent = new long[0];
    private boolean[] blown = new boolean[0];
    private final List<String> exceeded = new ArrayList<>();

    public ScanBudget(Duration perRule, Duration perText) {
        this.perRuleNanos = perRule.toNanos();
        this.perTextNanos = perText.toNanos();
    }

    /** No limits (tests, benchmarks, trusted callers). */
    public static ScanBudget unlimited() {
        return new ScanBudget(Duration.ofNanos(Long.MAX_VALUE / 4), Duration.ofNanos(Long.MAX_VALUE / 4));
    }

    /** Ids of the rules that ran out of time on this text, in the order it happened. */
    public List<String> exceeded() {
        return List.copyOf(exceeded);
    }

    /** Time spent by budgeted rules on this text so far. */
    public Duration spent() {
        return Duration.ofNanos(textSpent);
    }

    boolean skipped(int detector) {
        return detector < blown.length && blown[detector];
    }

    /** A deadline for one attempt of {@code detector}, or null when its budget is gone (it is then marked). */
    Deadline start(int detector, String id, int detectors) {
        if (spent.length < detectors) {
            spent = Arrays.copyOf(spent, detectors);
            blown = Arrays.copyOf(blown, detectors);
        }
        long remaining = Math.min(perRuleNanos - spent[detector], perTextNanos - textSpent);
        if (remaining <= 0) {
            blow(detector, id);
            return null;
        }
        long now = System.nanoTime();
        return new Deadline(now, now + remaining);
    }

    void end(int detector, String id, Deadline d, boolean outOfTime) {
        long took = System.nanoTime() - d.started;
        spent[detector] += took;
        textSpent += took;
        if (outOfTime) {
            blow(detector, id);
        }
    }

    private void blow(int detector, String id) {
        if (!blown[detector]) {
            blown[detector] = true;
            exceeded.add(id);
        }
    }

    /** Checked by the input a budgeted pattern reads. */
    static final class Deadline {
        static final int CHECK_EVERY = 1024;
        final long started;
        final long at;
        private int countdown = CHECK_EVERY;

        Deadline(long started, long at) {
            this.started = started;
            this.at = at;
        }

        void tick() {
            if (--countdown <= 0) {
                countdown = CHECK_EVERY;
                if (System.nanoTime() - at > 0) {
                    throw OutOfTime.INSTANCE;
                }
            }
        }
    }

    /** Thrown from inside a match attempt whose deadline passed (no stack trace; caught by the engine). */
    static final class OutOfTime extends RuntimeException {
        static final OutOfTime INSTANCE = new OutOfTime();

        private OutOfTime() {
            super("scan budget exceeded", null, false, false);
        }
    }
}
