package dev.canopy.testkit;

import java.util.Map;

/**
 * A benchmark's warm-up that ends when the JIT is quiet instead of after a fixed amount of work. A service test JVM
 * holds Quarkus, the broker, the producer and the service; on 2 cores its compilers kept half a core busy for one to
 * two minutes of load (measured 2026-11-28: still 50 % of a core in steps after a 20 s warm-up), so steps measured
 * the compilers, not the service. A service in production runs for days: its start-up is printed here (the JIT's
 * share round by round), not mixed into the figures.
 */
public final class JitWarmUp {
    /** One round of representative load; it returns when the round's work is done (consumed, stored, delivered). */
    @FunctionalInterface
    public interface Round {
        void run(int round) throws Exception;
    }

    /** Quiet: the compilers under this share of one core ({@code -Dbench.jitQuiet}, default 15 %). */
    private static final double QUIET_PERCENT = Double.parseDouble(System.getProperty("bench.jitQuiet", "15"));
    /** The warm-up ends after this many seconds even if the JIT never got quiet ({@code -Dbench.warmupMaxSeconds}). */
    private static final int MAX_SECONDS = Integer.getInteger("bench.warmupMaxSeconds", 240);

    private JitWarmUp() {
    }

    /**
     * Runs rounds until two in a row kept the JIT compilers under {@code -Dbench.jitQuiet} (15) % of one core, or
     * {@code -Dbench.warmupMaxSeconds} (240) have passed; prints each round's share with {@code tag}. Returns the
     * seconds it took.
     */
    public static double untilQuiet(String tag, Round round) throws Exception {
        long start = System.nanoTime();
        int quietRounds = 0;
        for (int i = 0; ; i++) {
            Map<String, Long> cpu0 = BenchmarkMachine.cpuByThreadGroup();
            long wall0 = System.nanoTime();
            round.run(i);
            long wall = System.nanoTime() - wall0;
            double jit = 100.0 * (BenchmarkMachine.cpuByThreadGroup().getOrDefault(BenchmarkMachine.JIT, 0L)
                    - cpu0.getOrDefault(BenchmarkMachine.JIT, 0L)) / wall;
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("[%s] warm-up round %d (%.0f s): JIT compilers %.0f %% of a core%n", tag, i + 1, elapsed, jit);
            quietRounds = jit < QUIET_PERCENT ? quietRounds + 1 : 0;
            if (quietRounds == 2 || elapsed > MAX_SECONDS) {
                return elapsed;
            }
        }
    }
}
