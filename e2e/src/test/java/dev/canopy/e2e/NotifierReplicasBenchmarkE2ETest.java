package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.testkit.BenchmarkMachine;
import dev.canopy.testkit.OcsfFindings;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.ServiceProcess;
import dev.canopy.tools.local.WebhookReceiver;

/**
 * The notifier with one and then two replicas (issue 19, "how each scales from one to two replicas"): the packaged
 * services as in production, findings produced to {@code canopy.findings.v1} at rising rates, each tenant's
 * subscription pointing at the platform's webhook receiver on 127.0.0.1. Per step: delivered/s, produce → received
 * p50/p99, the CPU the notifier processes used per delivery and the load average; then a second notifier is started
 * (the consumer group spreads the 12 partitions over both; delivery jobs are claimed from the shared table) and the
 * same rates run again. Fails if a finding is not delivered or arrives with two webhook-ids.
 *
 * <p>Run (services built first: {@code mvn -B -q -o install -DskipTests}): {@code mvn -B -o -pl e2e verify
 * -Dgroups=benchmark -DexcludedGroups= -Dtest=NotifierReplicasBenchmarkE2ETest} ({@code -Dbench.rates=500,1000,2000},
 * {@code -Dbench.seconds=10}, {@code -Dbench.tenants=4}: one subscription, i.e. one endpoint lane, per tenant).
 */
@Tag("benchmark")
class NotifierReplicasBenchmarkE2ETest {
    private static final Pattern FINDING_ID = Pattern.compile("\"findingId\":\"([^\"]+)\"");
    private static final int[] RATES = Arrays.stream(System.getProperty("bench.rates", "500,1000,2000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int TENANTS = Integer.getInteger("bench.tenants", 4);
    private static final double P99_LIMIT_MS = 200;

    private record Step(int replicas, int rate, int offered, int delivered, double perSecond, double p50, double p99,
            double cpuMsPerDelivery, String load) {
        boolean keptUp() {
            return delivered == offered && perSecond >= 0.95 * rate && p99 <= P99_LIMIT_MS;
        }
    }

    private static LocalPlatform platform;
    private static final List<String> tenants = new ArrayList<>();

    /** First arrival (epoch ms) and webhook-id per finding id, from the receiver's deliveries read so far. */
    private final Map<String, Long> firstReceived = new HashMap<>();
    private final Map<String, String> webhookIds = new HashMap<>();
    private int conflictingIds;
    private int deliveriesRead;

    @BeforeAll
    static void start() {
        platform = E2ePlatforms.start("notifier-replicas", SimulatorConfig.testDefaults(), false);
        for (int i = 0; i < TENANTS; i++) {
            String tenant = "e2e-nrep-" + i;
            E2eFlows.tenantApi(platform, tenant).subscribe(platform.webhooks());
            tenants.add(tenant);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void oneAndTwoNotifierReplicas() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        List<Step> steps = new ArrayList<>();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int replicas = 1; replicas <= 2; replicas++) {
                if (replicas == 2) {
                    platform.startReplica("notifier");
                    // the new member joins the consumer group at once; give the rebalance time to settle
                    Thread.sleep(10_000);
                }
                Map<String, Long> warm = produce(producer, "w" + replicas, 1000, 500);
                awaitAll(warm, 60);
                for (int rate : RATES) {
                    String prefix = "n" + replicas + "r" + rate;
                    long cpu0 = notifierCpuNanos();
                    Map<String, Long> sent = produce(producer, prefix, rate * SECONDS, rate);
                    awaitAll(sent, SECONDS + 60);
                    Step step = measure(replicas, rate, sent, notifierCpuNanos() - cpu0);
                    steps.add(step);
                    System.out.printf(Locale.ROOT, "[notifier-replicas] %s%n", row(step));
                }
            }
        }
        System.out.printf("[notifier-replicas] %d tenants (one subscription each), %d s per step, receiver on 127.0.0.1%n",
                TENANTS, SECONDS);
        System.out.println("[notifier-replicas] | replicas | offered/s | delivered/s | p50 ms | p99 ms | notifier CPU ms per delivery | load avg |");
        System.out.println("[notifier-replicas] |---|---|---|---|---|---|---|");
        steps.forEach(s -> System.out.printf(Locale.ROOT, "[notifier-replicas] | %d | %,d | %,.0f | %.0f | %.0f | %.2f | %s |%n",
                s.replicas, s.rate, s.perSecond, s.p50, s.p99, s.cpuMsPerDelivery, s.load));
        for (int replicas = 1; replicas <= 2; replicas++) {
            int r = replicas;
            int knee = steps.stream().filter(s -> s.replicas == r && s.keptUp()).mapToInt(Step::rate).max().orElse(0);
            System.out.printf("[notifier-replicas] KNEE with %d replica(s): %s%n", replicas,
                    knee == 0 ? "below the lowest rate offered" : String.format("%,d findings/s", knee));
        }
        for (int rate : RATES) {
            Step one = steps.stream().filter(s -> s.replicas == 1 && s.rate == rate).findFirst().orElseThrow();
            Step two = steps.stream().filter(s -> s.replicas == 2 && s.rate == rate).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "[notifier-replicas] %,d/s offered: two replicas delivered %.2fx one's rate, p99 %.0f -> %.0f ms%n",
                    rate, two.perSecond / one.perSecond, one.p99, two.p99);
        }
        assertThat(conflictingIds).as("findings that arrived with two different webhook-ids").isZero();
        assertThat(steps).as("every step delivered every finding").allMatch(s -> s.delivered == s.offered);
    }

    /** Produces {@code n} findings at {@code rate}/s round-robin over the tenants; returns finding id → send time. */
    private static Map<String, Long> produce(KafkaProducer<String, byte[]> producer, String prefix, int n, int rate) {
        Map<String, Long> sent = new HashMap<>();
        OcsfFindings.producePaced(producer, tenants, prefix, n, rate, (id, i) -> sent.put(id, System.currentTimeMillis()));
        return sent;
    }

    private void awaitAll(Map<String, Long> sent, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!firstReceived.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            readDeliveries();
        }
        readDeliveries();
    }

    private void readDeliveries() {
        List<WebhookReceiver.Delivery> all = platform.webhooks().deliveries();
        for (WebhookReceiver.Delivery d : all.subList(deliveriesRead, all.size())) {
            Matcher m = FINDING_ID.matcher(d.body());
            if (!m.find()) {
                continue;
            }
            firstReceived.putIfAbsent(m.group(1), d.receivedAtMillis());
            String first = webhookIds.putIfAbsent(m.group(1), d.webhookId());
            if (first != null && !first.equals(d.webhookId())) {
                conflictingIds++;
            }
        }
        deliveriesRead = all.size();
    }

    private Step measure(int replicas, int rate, Map<String, Long> sent, long notifierCpuNanos) {
        long[] latencies = sent.entrySet().stream().filter(e -> firstReceived.containsKey(e.getKey()))
                .mapToLong(e -> firstReceived.get(e.getKey()) - e.getValue()).sorted().toArray();
        int got = latencies.length;
        long firstSent = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long lastReceived = sent.keySet().stream().filter(firstReceived::containsKey).mapToLong(firstReceived::get)
                .max().orElse(firstSent);
        double perSecond = got * 1000.0 / Math.max(1, lastReceived - firstSent);
        return new Step(replicas, rate, sent.size(), got, perSecond, percentile(latencies, 0.5),
                percentile(latencies, 0.99), notifierCpuNanos / 1e6 / Math.max(1, got), BenchmarkMachine.loadAverage());
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static long notifierCpuNanos() {
        return platform.replicas("notifier").stream().mapToLong(ServiceProcess::pid)
                .map(BenchmarkMachine::processCpuNanos).filter(n -> n > 0).sum();
    }

    private static String row(Step s) {
        return String.format(Locale.ROOT, "%d replica(s), %,6d/s offered: delivered %,6d of %,6d = %,6.0f/s  p50 %7.0f ms  "
                + "p99 %7.0f ms  notifier CPU %.2f ms per delivery  load %s%s", s.replicas, s.rate, s.delivered,
                s.offered, s.perSecond, s.p50, s.p99, s.cpuMsPerDelivery, s.load, s.keptUp() ? "" : "  <- not kept up");
    }
}
