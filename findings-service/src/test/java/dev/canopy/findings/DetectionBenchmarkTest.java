package dev.canopy.findings;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.testkit.KafkaBrokerResource;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Figures, not assertions (run on demand: -Dgroups=benchmark -DexcludedGroups= -Dtest=DetectionBenchmarkTest): audit
 * events per second through the detection processor (Kafka Streams, exactly-once, one stream thread) on the real
 * broker, for a mix of 20 tenants: sign-ins from one or two countries, page edits, permission changes and deletions
 * (some in bursts), admin actions; and the time from the last event sent to the last detection as a finding.
 */
@QuarkusTest
@Tag("benchmark")
class DetectionBenchmarkTest {
    private static final int EVENTS = Integer.getInteger("canopy.bench.auditEvents", 50_000);
    private static final int TENANTS = 20;
    @Inject
    MeterRegistry meters;

    @Test
    void auditEventsPerSecondThroughTheDetections() {
        Random r = new Random(42);
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            tenants.add(TestEvents.uniqueTenant("dbench" + i));
        }
        Instant start = Instant.now().minus(Duration.ofDays(2));
        // asynchronous sends, as the connector's emitter does: the producer is not what is measured
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            run(r, tenants, start, producer);
        }
    }

    private void run(Random r, List<String> tenants, Instant start, KafkaProducer<String, byte[]> producer) {
        double before = processed();
        double raisedBefore = raised();
        long t0 = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            String tenant = tenants.get(i % TENANTS);
            Instant at = start.plusMillis(i * 3_000L / TENANTS);
            int kind = r.nextInt(100);
            String actor = "u" + r.nextInt(200);
            String action;
            String country = null;
            if (kind < 50) {
                action = "user_login";
                country = r.nextInt(500) == 0 ? "United States" : "Germany";
            } else if (kind < 75) {
                action = "page_updated";
            } else if (kind < 85) {
                action = "space_permission_added";
                actor = "u" + r.nextInt(5); // few actors: bursts cross the threshold now and then
            } else if (kind < 95) {
                action = "page_trashed";
                actor = "u" + r.nextInt(5);
            } else {
                action = "user_added_to_group";
            }
            var data = new AuditEventData(tenant + "-e" + i, action, at, actor, actor, "203.0.113.1", country,
                    Map.of("context", List.of(Map.of("type", "spaces", "id", "98", "attributes", Map.of()))));
            producer.send(EventCodec.toRecord(EventCodec.encode(tenant, "/canopy/bench", "bench", null, at, data)));
        }
        producer.flush();
        long producedNs = System.nanoTime() - t0;
        double atProduced = processed() - before;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (processed() - before < EVENTS && System.nanoTime() < deadline) {
            sleep(100);
        }
        long processedNs = System.nanoTime() - t0;
        // after the last send the processor drains its backlog alone: its own rate, not the producer's
        double drainRate = (EVENTS - atProduced) / ((processedNs - producedNs) / 1e9);
        double raised = raised() - raisedBefore;
        long findingsDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long detectionFindings = 0;
        while (System.nanoTime() < findingsDeadline) {
            detectionFindings = tenants.stream().mapToLong(this::detections).sum();
            if (detectionFindings >= raised) {
                break;
            }
            sleep(250);
        }
        long findingsNs = System.nanoTime() - t0;
        System.out.printf("[benchmark] detections: %d audit events of %d tenants produced in %.1f s; processed by the "
                + "detection processor after %.1f s: %.0f events/s end to end (exactly-once, 1 stream thread); backlog "
                + "of %.0f events at the last send drained at %.0f events/s; %.0f detections raised, %d Detection "
                + "Findings after %.1f s%n", EVENTS, TENANTS, producedNs / 1e9, processedNs / 1e9,
                EVENTS / (processedNs / 1e9), EVENTS - atProduced, drainRate, raised, detectionFindings, findingsNs / 1e9);
    }

    private long detections(String tenant) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("limit", 500).get("/api/v1/detections")
                .then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    private double processed() {
        return meters.counter("canopy.detections.audit.events").count();
    }

    private double raised() {
        return meters.counter("canopy.detections.raised").count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
