package dev.canopy.notifier;

import static io.restassured.RestAssured.given;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.testkit.KafkaBrokerResource;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Findings produced to the real broker at a fixed rate, delivered to a receiver on this machine. Prints deliveries/s
 * and the latency from produce call to webhook received. Run with
 * {@code mvn -B -o -pl notifier-service verify -Dgroups=benchmark -DexcludedGroups= -Dtest=DeliveryBenchmarkTest}.
 */
@QuarkusTest
@Tag("benchmark")
class DeliveryBenchmarkTest {
    static {
        // the JDK server leaves Nagle on by default: with the client's delayed ACKs every response would wait ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern FINDING_ID = Pattern.compile("\"findingId\":\"([^\"]+)\"");
    private static final int RATE = Integer.getInteger("bench.rate", 1000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);

    @Test
    void deliveriesPerSecondAndLatency() throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/bench", exchange -> {
            long now = System.nanoTime();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = FINDING_ID.matcher(body);
            if (m.find()) {
                received.putIfAbsent(m.group(1), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String tenant = TestEvents.uniqueTenant("bench");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/bench"))
                .post("/api/v1/webhooks/subscriptions").then().statusCode(201);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            run(producer, tenant, "warm", WARMUP, RATE, received);
            int n = RATE * SECONDS;
            long[] sent = run(producer, tenant, "m", n, RATE, received);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (countReceived(received, "m", n) < n && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            report(sent, received, n);
        } finally {
            server.stop(0);
        }
    }

    private static long[] run(KafkaProducer<String, byte[]> producer, String tenant, String prefix, int n, int rate,
            Map<String, Long> received) {
        long[] sent = new long[n];
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id = prefix + "-" + i;
            var ce = EventCodec.encode(tenant, "/canopy/bench", null, null, Instant.now(), Findings.posture(tenant, id, 3, "New", "r-1"));
            sent[i] = System.nanoTime();
            producer.send(EventCodec.toRecord(ce));
        }
        producer.flush();
        if (prefix.equals("warm")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (countReceived(received, prefix, n) < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        return sent;
    }

    private static int countReceived(Map<String, Long> received, String prefix, int n) {
        int c = 0;
        for (String k : received.keySet()) {
            if (k.startsWith(prefix + "-")) {
                c++;
            }
        }
        return c;
    }

    private static void report(long[] sent, Map<String, Long> received, int n) {
        long[] latencies = new long[n];
        int got = 0;
        long last = 0;
        for (int i = 0; i < n; i++) {
            Long r = received.get("m-" + i);
            if (r != null) {
                latencies[got++] = r - sent[i];
                last = Math.max(last, r);
            }
        }
        long[] l = Arrays.copyOf(latencies, got);
        Arrays.sort(l);
        double seconds = (last - sent[0]) / 1e9;
        System.out.printf("%n[notifier-benchmark] offered %d findings at %d/s; delivered %d in %.2f s = %.0f deliveries/s%n",
                n, RATE, got, seconds, got / seconds);
        if (got > 0) {
            System.out.printf("[notifier-benchmark] finding produced -> webhook received: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n%n",
                    pct(l, 0.50), pct(l, 0.90), pct(l, 0.99), l[l.length - 1] / 1e6);
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
