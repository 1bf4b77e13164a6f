package dev.canopy.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.EntityData;

/**
 * Produces and reads platform events on the real test broker. Reading starts at the beginning of a topic and
 * filters, so tests running against one shared broker only see what they look for (use unique tenant ids).
 *
 * <p>A test class gets one as a JUnit extension, which closes it after the class:
 * <pre>{@code
 * @RegisterExtension
 * static final TestEvents events = new TestEvents();
 * }</pre>
 * It connects on first use, not when the field is initialised: a {@code @QuarkusTest} class is initialised before
 * Quarkus has started the broker (KafkaBrokerResource). Outside JUnit, use try-with-resources.
 */
public final class TestEvents implements AutoCloseable, AfterAllCallback {
    /** Null: the broker KafkaBrokerResource started, looked up on first use. */
    private final String configuredBootstrap;
    private String bootstrap;
    private KafkaProducer<String, byte[]> producer;

    public TestEvents() {
        this(null);
    }

    public TestEvents(String bootstrap) {
        this.configuredBootstrap = bootstrap;
    }

    private synchronized String bootstrap() {
        if (bootstrap == null) {
            bootstrap = configuredBootstrap != null ? configuredBootstrap : KafkaBrokerResource.bootstrapServers();
            if (bootstrap == null) {
                throw new IllegalStateException("no test broker: is KafkaBrokerResource active for this test?");
            }
        }
        return bootstrap;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Sends one event for {@code tenantId} observed at {@code observedAt}; waits until the broker has it. */
    public CanopyEvent<?> send(String tenantId, Instant observedAt, EntityData data) {
        return send(tenantId, observedAt, null, data);
    }

    public CanopyEvent<?> send(String tenantId, Instant observedAt, String syncRunId, EntityData data) {
        var ce = EventCodec.encode(tenantId, "/canopy/test", "test-connection", syncRunId, observedAt, data);
        CanopyEvent<?> event = EventCodec.decode(ce);
        sendRaw(EventCodec.toRecord(event, ce));
        return event;
    }

    /**
     * Sends events for {@code tenantId} without waiting for each one (benchmarks: a consumer is then measured, not
     * this producer's round trips); returns once the broker has all of them, in order.
     */
    public void sendAll(String tenantId, Instant observedAt, List<? extends EntityData> data) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (EntityData d : data) {
            var ce = EventCodec.encode(tenantId, "/canopy/test", "test-connection", null, observedAt, d);
            sent.add(producer().send(EventCodec.toRecord(EventCodec.decode(ce), ce)));
        }
        producer().flush();
        for (var f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not produce an event of tenant " + tenantId, e);
            }
        }
    }

    /** Sends any record as is, for poison-message tests. */
    public void sendRaw(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + record.topic(), e);
        }
    }

    /** Waits until {@code count} records matching {@code filter} are on the topic and returns them. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
            int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                    + " but found " + found.size());
        }
        return found;
    }

    /** All decoded events of one tenant on a topic that arrive within {@code quiet} of each other, at least {@code min}. */
    public List<CanopyEvent<?>> awaitEvents(String topic, String tenantId, int min, Duration timeout) {
        return awaitRecords(topic, r -> tenantId.equals(header(r, "ce_tenantid")), min, timeout).stream()
                .<CanopyEvent<?>>map(r -> EventCodec.decode(r.headers(), r.value())).toList();
    }

    public static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String uniqueTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4_000_000),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
