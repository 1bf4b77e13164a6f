package dev.canopy.simulator.http;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.canopy.simulator.SimulatorConfig.Faults;

/**
 * Decides faults per request. Deterministic: the n-th API request since start (or since the last change of the
 * fault settings) gets the same decision for the same seed.
 */
public final class FaultInjector {
    private static final int[] SERVER_ERRORS = {500, 502, 503, 504};
    private final long seed;
    private final AtomicLong requests = new AtomicLong();
    private volatile Faults faults;

    public FaultInjector(long seed, Faults faults) {
        this.seed = seed;
        this.faults = faults;
    }

    public Faults faults() {
        return faults;
    }

    public void update(Faults newFaults) {
        faults = newFaults;
        requests.set(0);
    }

    public FaultDecision decide() {
        Faults f = faults;
        long n = requests.incrementAndGet();
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        int latency = r.nextDouble() < f.latencyRate() ? f.latencyMs() : 0;
        int error = 0;
        if (r.nextDouble() < f.serverErrorRate()) {
            error = SERVER_ERRORS[r.nextInt(SERVER_ERRORS.length)];
        } else if (r.nextDouble() < f.unavailableRate()) {
            error = 503;
        }
        boolean reset = r.nextDouble() < f.connectionResetRate();
        boolean truncate = r.nextDouble() < f.truncatedJsonRate();
        boolean malform = r.nextDouble() < f.malformedJsonRate();
        boolean duplicate = r.nextDouble() < f.duplicateItemRate();
        boolean edit = r.nextDouble() < f.editBetweenPagesRate();
        return new FaultDecision(latency, error, reset, truncate, malform, duplicate, edit);
    }
}
