package dev.canopy.tools.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Polling waits for an asynchronous platform: a condition, or a count that stops changing. */
public final class Waits {
    private Waits() {
    }

    /** True once the condition holds (exceptions count as "not yet"); false at the deadline. */
    public static boolean until(BooleanSupplier condition, Duration timeout, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a service may be restarting
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            ServiceProcess.sleep(every.toMillis());
        }
    }

    /** The count once it kept the same value for {@code quietFor} (or its last value at the deadline). */
    public static long quiet(LongSupplier count, Duration quietFor, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = Long.MIN_VALUE;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now;
            try {
                now = count.getAsLong();
            } catch (RuntimeException e) {
                now = Long.MIN_VALUE;
            }
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now != Long.MIN_VALUE && System.nanoTime() - stableSince >= quietFor.toNanos()) {
                return now;
            }
            ServiceProcess.sleep(250);
        }
        return last;
    }
}
