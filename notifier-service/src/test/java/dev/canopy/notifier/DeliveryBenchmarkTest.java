package dev.canopy.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import dev.canopy.testkit.KafkaBrokerResource;
import dev.canopy.testkit.BenchmarkMachine;
import dev.canopy.testkit.DatabaseCpu;
import dev.canopy.testkit.JitWarmUp;
import dev.canopy.testkit.PostgresResource;
import dev.canopy.testkit.OcsfFindings;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The notifier's throughput knee: findings are produced to the real broker at rising rates (one step per rate,
 * {@code bench.seconds} each, the previous step drained first) and delivered to a webhook receiver on 127.0.0.1.
 * Per step it prints deliveries/s, produce → webhook-received p50/p99/max and the CPU the test JVM used (it holds
 * the notifier, the broker and the receiver; PostgreSQL is a separate process), then the knee: the highest offered
 * rate at which every finding arrived, at ≥ 95 % of the offered rate, with p99 ≤ 200 ms. Every finding must arrive
 * with exactly one webhook-id (one delivery row per event and subscription), or the benchmark fails. Run with
 * {@code mvn -B -o -pl notifier-service -am verify -Dgroups=benchmark -DexcludedGroups= -Dtest=DeliveryBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.rates=500,1000,...}, {@code -Dbench.seconds=10}; warm-up
 * until the JIT uses under {@code -Dbench.jitQuiet=15} % of a core, at most {@code -Dbench.warmupMaxSeconds=240}).
 */
@QuarkusTest
@Tag("benchmark")
class DeliveryBenchmarkTest {
    private static final Pattern FINDING_ID = Pattern.compile("\"findingId\":\"([^\"]+)\"");
    private static final int[] RATES = Arrays.stream(System.getProperty("bench.rates", "500,1000,2000,3000,4000,5000")
            .split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int TENANTS = Integer.getInteger("bench.tenants", 1);
    private static final double P99_LIMIT_MS = 200;

    private record Step(int rate, int offered, int delivered, double perSecond, double p50, double p99, double max,
            double attemptMs, double[] queued, double cpuPercent, DatabaseCpu.Used database, String load) {
        boolean keptUp() {
            return delivered == offered && perSecond >= 0.95 * rate && p99 <= P99_LIMIT_MS;
        }
    }

    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, String> webhookIds = new ConcurrentHashMap<>();
    private final AtomicInteger conflictingIds = new AtomicInteger();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry metrics;

    @Test
    void kneeOfDeliveriesPerSecond() throws Exception {
        // the receiver runs on its own Vert.x instance with one event loop: the JDK server's single dispatcher
        // thread plus a worker pool cost more CPU and latency than the notifier's side of a delivery on 2 cores
        Vertx receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = receiverVertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(request -> request.body().onSuccess(buffer -> {
                    onWebhook(buffer.toString(StandardCharsets.UTF_8), request.getHeader("webhook-id"));
                    request.response().setStatusCode(204).end();
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // one subscription (one endpoint lane) per tenant; findings go round-robin to the tenants
        String[] tenants = new String[TENANTS];
        for (int t = 0; t < TENANTS; t++) {
            tenants[t] = TestEvents.uniqueTenant("bench");
            given().auth().oauth2(TestTokens.tenantAdmin(tenants[t])).contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:" + server.actualPort() + "/bench/" + t))
                    .post("/api/v1/webhooks/subscriptions").then().statusCode(201);
        }
        Timer attempts = metrics.timer("canopy.notifier.attempt.latency");

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Kafka 4's default, which findings' outbox relay (the producer in production) uses: with 1 ms the paced
        // records went out in requests of 2-3, and the broker and this producer took ≈ 0.5 core of the 2 at 3,000/s
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        List<Step> steps = new ArrayList<>();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                var db = PostgresResource.serviceDatabase()) {
            run(producer, db, tenants, attempts, steps);
        } finally {
            receiverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        report(steps);
        assertThat(conflictingIds.get()).as("findings that arrived with two different webhook-ids").isZero();
    }

    private void onWebhook(String body, String webhookId) {
        long now = System.nanoTime();
        Matcher m = FINDING_ID.matcher(body);
        if (!m.find()) {
            return;
        }
        String finding = m.group(1);
        if (received.putIfAbsent(finding, now) == null) {
            counts.computeIfAbsent(finding.substring(0, finding.indexOf('-')), k -> new AtomicInteger()).incrementAndGet();
        }
        String first = webhookIds.putIfAbsent(finding, webhookId);
        if (first != null && !first.equals(webhookId)) {
            conflictingIds.incrementAndGet();
        }
    }

    private void run(KafkaProducer<String, byte[]> producer, java.sql.Connection db, String[] tenants, Timer attempts,
            List<Step> steps) throws Exception {
        warmUp(producer, tenants);
        for (int rate : RATES) {
            String prefix = "r" + rate;
            int n = rate * SECONDS;
            long cpu0 = BenchmarkMachine.processCpuNanos();
            Map<String, Long> threadCpu0 = BenchmarkMachine.cpuByThreadGroup();
            DatabaseCpu.Snapshot database0 = DatabaseCpu.snapshot();
            long wall0 = System.nanoTime();
            long count0 = attempts.count();
            double total0 = attempts.totalTime(TimeUnit.MILLISECONDS);
            long[] sent = produce(producer, tenants, prefix, n, rate);
            awaitAll(prefix, n, SECONDS + 30);
            double cpu = 100.0 * (BenchmarkMachine.processCpuNanos() - cpu0) / (System.nanoTime() - wall0);
            DatabaseCpu.Used database = DatabaseCpu.since(database0, System.nanoTime() - wall0);
            double attemptMs = (attempts.totalTime(TimeUnit.MILLISECONDS) - total0)
                    / Math.max(1, attempts.count() - count0);
            Step step = measure(rate, prefix, sent, attemptMs, queuedMillis(db, prefix), cpu, database);
            steps.add(step);
            System.out.printf("[notifier-knee] %,6d/s offered: %s%n", rate, row(step));
            System.out.printf("[notifier-knee] %,6d/s CPU by thread group (%% of one core): %s%n", rate,
                    BenchmarkMachine.cpuShares(threadCpu0, BenchmarkMachine.cpuByThreadGroup(), System.nanoTime() - wall0));
            System.out.printf("[notifier-knee] %,6d/s PostgreSQL CPU by process type (%% of one core): %s%n", rate,
                    database.shares());
            // a step that did not drain within 30 s leaves a backlog that would spoil the next; two steps over
            // the limit in a row show the knee is behind us
            int size = steps.size();
            if (step.delivered < n || size >= 2 && !steps.get(size - 2).keptUp() && !step.keptUp()) {
                break;
            }
        }
    }

    /** Findings at 2,000/s in 5 s rounds until the JIT is quiet (see {@link JitWarmUp}). */
    private void warmUp(KafkaProducer<String, byte[]> producer, String[] tenants) throws Exception {
        JitWarmUp.untilQuiet("notifier-knee", round -> {
            String prefix = "warm" + round;
            produce(producer, tenants, prefix, 10_000, 2000);
            awaitAll(prefix, 10_000, 60);
        });
    }

    private static long[] produce(KafkaProducer<String, byte[]> producer, String[] tenants, String prefix, int n,
            int rate) {
        long[] sent = new long[n];
        OcsfFindings.producePaced(producer, List.of(tenants), prefix, n, rate, (id, i) -> sent[i] = System.nanoTime());
        return sent;
    }

    private void awaitAll(String prefix, int n, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger got = counts.computeIfAbsent(prefix, k -> new AtomicInteger());
        while (got.get() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * p50 and p99 of the time a job spent in the notifier between its insert (the consumed batch) and its delivered
     * write (after the POST answered), from the rows themselves: the rest of the end-to-end latency is Kafka and
     * the consumer. Read once the step is drained and the 10 ms delivered-writer batches are flushed.
     */
    private static double[] queuedMillis(java.sql.Connection db, String prefix) throws Exception {
        Thread.sleep(200);
        try (var st = db.prepareStatement("""
                        select percentile_cont(0.5) within group (order by extract(epoch from delivered_at - created_at)),
                               percentile_cont(0.99) within group (order by extract(epoch from delivered_at - created_at))
                        from webhook_delivery where finding_id like ? and state = 'delivered'""")) {
            st.setString(1, prefix + "-%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return new double[] { rs.getDouble(1) * 1000, rs.getDouble(2) * 1000 };
            }
        }
    }

    private Step measure(int rate, String prefix, long[] sent, double attemptMs, double[] queued, double cpu,
            DatabaseCpu.Used database) {
        int n = sent.length;
        long[] latencies = new long[n];
        int got = 0;
        long last = 0;
        for (int i = 0; i < n; i++) {
            Long r = received.get(prefix + "-" + i);
            if (r != null) {
                latencies[got++] = r - sent[i];
                last = Math.max(last, r);
            }
        }
        long[] l = Arrays.copyOf(latencies, got);
        Arrays.sort(l);
        double seconds = (last - sent[0]) / 1e9;
        return new Step(rate, n, got, got == 0 ? 0 : got / seconds, pct(l, 0.50), pct(l, 0.99),
                got == 0 ? 0 : l[got - 1] / 1e6, attemptMs, queued, cpu, database,
                BenchmarkMachine.loadAverage());
    }

    private static String row(Step s) {
        return String.format("delivered %,7d of %,7d = %,6.0f/s  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  "
                + "insert->delivered p50 %6.1f p99 %7.1f ms  POST mean %5.1f ms  test-JVM CPU %4.0f %%  PostgreSQL CPU %4.0f %%  load %s%s",
                s.delivered, s.offered, s.perSecond, s.p50, s.p99, s.max, s.queued[0], s.queued[1], s.attemptMs,
                s.cpuPercent, s.database.totalPercent(), s.load, s.keptUp() ? "" : "  <- not kept up");
    }

    private static void report(List<Step> steps) {
        System.out.printf("%n[notifier-knee] %d s per step, %d tenant(s) with one subscription each, receiver on "
                + "127.0.0.1%n", SECONDS, TENANTS);
        System.out.println("[notifier-knee] | offered/s | delivered/s | p50 ms | p99 ms | max ms | insert → delivered "
                + "p50 / p99 ms | POST mean ms | test-JVM CPU | PostgreSQL CPU | load avg |");
        System.out.println("[notifier-knee] |---|---|---|---|---|---|---|---|---|---|");
        for (Step s : steps) {
            System.out.printf("[notifier-knee] | %,d | %,.0f%s | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f | %.0f %% | %.0f %% | %s |%n",
                    s.rate, s.perSecond, s.delivered < s.offered ? " (" + s.delivered + " of " + s.offered + ")" : "",
                    s.p50, s.p99, s.max, s.queued[0], s.queued[1], s.attemptMs, s.cpuPercent,
                    s.database.totalPercent(), s.load);
        }
        int knee = 0;
        for (Step s : steps) {
            if (!s.keptUp()) {
                break;
            }
            knee = s.rate;
        }
        System.out.printf("[notifier-knee] KNEE: %s%n%n", knee == 0 ? "below the lowest rate offered"
                : String.format("%,d findings/s (highest rate delivered in full at ≥ 95 %% with p99 ≤ %.0f ms)", knee,
                        P99_LIMIT_MS));
    }

    /** CPU time per thread group (names without their numbers) of this JVM: the notifier's profile per step. */
    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
