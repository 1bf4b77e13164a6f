package dev.canopy.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.testkit.BenchmarkMachine;
import dev.canopy.testkit.DatabaseCpu;
import dev.canopy.testkit.PostgresResource;
import dev.canopy.testkit.TestEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The inventory consumer's knee: user events (new entities, so each is an upsert plus a history row) are encoded
 * before each step and then offered to {@code canopy.inventory.v1} at a fixed rate for {@code bench.seconds}; the
 * consumer's applied-events counter (incremented once a batch's transaction committed) is read every 250 ms while
 * offering and every 20 ms after (committed offsets would trail by the commit interval; counting rows in the database
 * that often loads the database itself), and the step's rows in PostgreSQL are checked once it caught up. Per
 * step it prints the rate applied while offered, the highest backlog (offered, not yet applied) and the time until the
 * last row after the last event, then the knee: the highest rate applied in full within 1 s of the last event
 * (2 s at 15,000/s is 30,000 events behind: not kept up). A last step puts
 * {@code bench.drain} events on the topic as fast as the producer can and reports the drain rate (the ceiling).
 * Run: {@code mvn -B -o -pl inventory-service -am verify -Dgroups=benchmark -DexcludedGroups=
 * -Dtest=InventoryKneeBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.rates=2000,4000,...},
 * {@code -Dbench.seconds=10}, {@code -Dbench.drain=200000}, {@code -Dbench.warmUp=30000}: events at 2,000/s before the
 * first step, so the first step does not also measure the JIT).
 */
@QuarkusTest
@Tag("benchmark")
class InventoryKneeBenchmarkTest {
    @Inject
    MeterRegistry metrics;

    private static final int[] RATES = Arrays.stream(System.getProperty("bench.rates",
            "2000,4000,6000,8000,10000,12000,15000").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int DRAIN = Integer.getInteger("bench.drain", 200_000);
    private static final double KEPT_UP_SECONDS = 1.0;
    /** Events offered at 2,000/s before the first step, so that the steps measure JIT-compiled code. */
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 30_000);

    private record Step(int rate, int offered, double appliedWhileOffered, long maxLag, double catchUpSeconds,
            double overallPerSecond, double cpuPercent, DatabaseCpu.Used database,
            long transactions, String load, String threads) {
        boolean keptUp() {
            return catchUpSeconds <= KEPT_UP_SECONDS;
        }
    }

    private final Random random = new Random(7);
    private int nextUser;
    private java.sql.Connection db;

    @Test
    void kneeOfEventsIntoPostgres() throws Exception {
        String tenant = TestEvents.uniqueTenant("knee");
        List<Step> steps = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = InventoryBenchmarkTest.producer();
                var c = PostgresResource.serviceDatabase()) {
            db = c;
            Step warmUp = offer(producer, tenant, 2000, WARM_UP);
            System.out.printf("[inventory-knee] warm-up: %,d events at 2,000/s, last row %.1f s after the last%n",
                    WARM_UP, warmUp.catchUpSeconds);
            for (int rate : RATES) {
                Step step = offer(producer, tenant, rate, rate * SECONDS);
                steps.add(step);
                System.out.printf("[inventory-knee] %,6d/s offered: applied %,7.0f/s while offered, max backlog %,7d, last row "
                        + "%5.1f s after the last event (%,.0f/s overall)  test-JVM CPU %4.0f %%  PostgreSQL CPU %4.0f %%  load %s%s%n",
                        rate, step.appliedWhileOffered, step.maxLag, step.catchUpSeconds, step.overallPerSecond,
                        step.cpuPercent, step.database.totalPercent(), step.load, step.keptUp() ? "" : "  <- not kept up");
                System.out.printf("[inventory-knee]   %,d transactions (≈ %,.0f events each); CPU by thread group "
                        + "(%% of one core): %s%n", step.transactions, step.offered / (double) Math.max(1, step.transactions),
                        step.threads);
                System.out.printf("[inventory-knee]   PostgreSQL CPU by process type: %s%n", step.database.shares());
                int size = steps.size();
                if (size >= 2 && !steps.get(size - 2).keptUp() && !step.keptUp()) {
                    break;
                }
            }
            Step drain = offer(producer, tenant, Integer.MAX_VALUE, DRAIN);
            report(steps, drain);
        }
    }

    /** Offers {@code n} new users at {@code rate}/s (MAX_VALUE: as fast as possible) and waits for zero lag. */
    private Step offer(KafkaProducer<String, byte[]> producer, String tenant, int rate, int n)
            throws Exception {
        Instant observed = Instant.parse("2026-11-01T00:00:00Z");
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(EventCodec.toRecord(EventCodec.encode(tenant, "/canopy/bench", "bench-connection", null,
                    observed, InventoryBenchmarkTest.user(nextUser++, random, now))));
        }
        AtomicReference<Exception> error = new AtomicReference<>();
        String firstId = InventoryBenchmarkTest.accountId(nextUser - n);
        long applied0 = applied();
        long cpu0 = BenchmarkMachine.processCpuNanos();
        Map<String, Long> threads0 = BenchmarkMachine.cpuByThreadGroup();
        DatabaseCpu.Snapshot database0 = DatabaseCpu.snapshot();
        long transactions0 = transactions();
        long t0 = System.nanoTime();
        long interval = rate == Integer.MAX_VALUE ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        long maxLag = 0;
        long nextLagRead = t0;
        for (int i = 0; i < n; i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            producer.send(records.get(i), (m, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
            });
            if (System.nanoTime() >= nextLagRead) {
                maxLag = Math.max(maxLag, i + 1 - (applied() - applied0));
                nextLagRead = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
            }
        }
        producer.flush();
        if (error.get() != null) {
            throw error.get();
        }
        long produced = System.nanoTime();
        long lagAtEnd = n - (applied() - applied0);
        maxLag = Math.max(maxLag, lagAtEnd);
        long lag = lagAtEnd;
        while (lag > 0) {
            assertThat((System.nanoTime() - produced) / 1e9).as("consumption did not catch up").isLessThan(300);
            Thread.sleep(20);
            lag = n - (applied() - applied0);
        }
        long done = System.nanoTime();
        assertThat(rows(tenant, firstId)).as("the step's rows in PostgreSQL").isEqualTo(n);
        DatabaseCpu.Used database = DatabaseCpu.since(database0, done - t0);
        double offeredSeconds = (produced - t0) / 1e9;
        return new Step(rate, n, (n - lagAtEnd) / offeredSeconds, maxLag, (done - produced) / 1e9,
                n / ((done - t0) / 1e9), 100.0 * (BenchmarkMachine.processCpuNanos() - cpu0) / (done - t0),
                database, transactions() - transactions0,
                BenchmarkMachine.loadAverage(),
                BenchmarkMachine.cpuShares(threads0, BenchmarkMachine.cpuByThreadGroup(), done - t0));
    }

    /**
     * Transactions committed in the database so far, the benchmark's own few statements per step included; the
     * statistics reach this view within about a second, so compare differences over whole steps.
     */
    private long transactions() throws java.sql.SQLException {
        try (var st = db.prepareStatement("select xact_commit from pg_stat_database where datname = current_database()");
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Events the consumer has applied so far: its {@code canopy.inventory.events{outcome=applied}} counter, counted
     * after each batch's transaction committed, read in this JVM. Counting the tenant's rows in PostgreSQL every
     * 20 ms instead took a core of the database by the drain (hundreds of thousands of rows per count, none of them
     * all-visible yet), which the consumer then did not have; the rows are counted once per step, after it.
     */
    private long applied() {
        var counter = metrics.find("canopy.inventory.events").tag("outcome", "applied").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** The step's rows: one per user offered in it (each user is new; ids are zero-padded, so they sort). */
    private long rows(String tenant, String fromId) throws java.sql.SQLException {
        try (var st = db.prepareStatement("select count(*) from inventory_entity where tenant_id = ? "
                + "and entity_type = 'user' and entity_id >= ?")) {
            st.setString(1, tenant);
            st.setString(2, fromId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void report(List<Step> steps, Step drain) {
        System.out.printf("%n[inventory-knee] %d s per step, new users (upsert + history row each), applied = committed "
                + "to PostgreSQL%n", SECONDS);
        System.out.println("[inventory-knee] | offered/s | applied/s while offered | max backlog | last row after | "
                + "test-JVM CPU | PostgreSQL CPU | load avg |");
        System.out.println("[inventory-knee] |---|---|---|---|---|---|---|");
        for (Step s : steps) {
            System.out.printf("[inventory-knee] | %,d | %,.0f | %,d | %.1f s | %.0f %% | %.0f %% | %s |%n", s.rate,
                    s.appliedWhileOffered, s.maxLag, s.catchUpSeconds, s.cpuPercent, s.database.totalPercent(), s.load);
        }
        int knee = 0;
        for (Step s : steps) {
            if (!s.keptUp()) {
                break;
            }
            knee = s.rate;
        }
        System.out.printf("[inventory-knee] DRAIN: %,d events put on the topic at once, applied at %,.0f events/s "
                + "(last row %.1f s after the last one was produced; test-JVM CPU %.0f %%, PostgreSQL CPU %.0f %%; "
                + "load %s)%n", drain.offered, drain.overallPerSecond, drain.catchUpSeconds, drain.cpuPercent,
                drain.database.totalPercent(), drain.load);
        System.out.printf("[inventory-knee] DRAIN: %,d transactions committed (≈ %,.0f events each)%n",
                drain.transactions, drain.offered / (double) Math.max(1, drain.transactions));
        System.out.printf("[inventory-knee] DRAIN PostgreSQL CPU by process type: %s%n", drain.database.shares());
        System.out.printf("[inventory-knee] DRAIN CPU by thread group (%% of one core): %s%n", drain.threads);
        System.out.printf("[inventory-knee] KNEE: %s%n%n", knee == 0 ? "below the lowest rate offered"
                : String.format("%,d events/s (highest rate applied in full within %.0f s of the last event)", knee,
                        KEPT_UP_SECONDS));
    }
}
