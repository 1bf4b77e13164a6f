package dev.canopy.findings.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.FindingMetrics;
import dev.canopy.findings.domain.FindingRecords;
import dev.canopy.findings.store.OutboxStore;
import dev.canopy.findings.store.TenantStreamStore;
import dev.canopy.support.messaging.KafkaSend;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Relays the outbox to Kafka: each finding state change as a CloudEvent (OCSF data) on canopy.findings.v1, keyed
 * by tenant + finding, plus a copy on the tenant's own topic when the tenant switched it on. Rows hold the record
 * ready to send (topic, key, headers, value; see {@link FindingRecords}), so the relay reads and sends them. One relay at a time
 * (advisory lock) sends the rows in id order and deletes them only after Kafka acknowledged all of them;
 * a failure leaves them for the next tick (at-least-once, in order per finding; the CloudEvent id is stable, so
 * a consumer can drop a redelivered change).
 */
@ApplicationScoped
public class FindingsOutboxRelay {
    private static final Logger LOG = Logger.getLogger(FindingsOutboxRelay.class);

    @Inject
    Pool db;

    @Inject
    OutboxStore outbox;

    @Inject
    TenantStreamStore tenantStreams;

    @Inject
    FindingMetrics metrics;

    @Inject
    @Channel("findings-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> emitter;

    @Inject
    FindingsConfig config;

    @Scheduled(every = "${findings.outbox.poll-interval:1s}", delayed = "3s", skipExecutionIf = WhenRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return relayAll().onFailure().recoverWithItem(e -> {
            LOG.errorf(e, "outbox relay failed; unpublished changes stay in the outbox and are retried");
            return null;
        }).replaceWithVoid();
    }

    /** Relays batches until the outbox is drained; returns how many changes were published. */
    public Uni<Integer> relayAll() {
        return Uni.createFrom().deferred(this::relayBatch).repeat().whilst(n -> n == config.outbox().batchSize())
                .collect().with(Collectors.summingInt(n -> n));
    }

    private Uni<Integer> relayBatch() {
        return db.withTransaction(s -> outbox.tryLockRelay(s).chain(locked -> !locked
                ? Uni.createFrom().item(0)
                : outbox.nextBatch(s, config.outbox().batchSize()).chain(batch -> batch.isEmpty()
                        ? Uni.createFrom().item(0).invoke(() -> metrics.outboxLag(0))
                        : tenantStreams.enabledTopics(s, batch.stream().map(OutboxStore.Pending::tenantId).distinct().toList())
                                .chain(topics -> send(batch, topics))
                                .chain(() -> outbox.deletePublished(s, batch.stream().map(OutboxStore.Pending::id).toList()))
                                .invoke(() -> {
                                    metrics.outboxLag((Instant.now().toEpochMilli() - batch.get(0).createdAt().toEpochMilli()) / 1000.0);
                                    metrics.published(batch.size());
                                })
                                .replaceWith(batch.size()))));
    }

    private Uni<Void> send(List<OutboxStore.Pending> batch, Map<String, String> tenantTopics) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (OutboxStore.Pending p : batch) {
            ProducerRecord<String, byte[]> record = toRecord(p);
            sends.add(KafkaSend.send(emitter, record));
            String tenantTopic = tenantTopics.get(p.tenantId());
            if (tenantTopic != null) {
                sends.add(KafkaSend.send(emitter, record, tenantTopic));
            }
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /**
     * The stored record as it is: no JSON work here, the row was encoded when the change was written. Rows from
     * before the outbox stored records (V6) are encoded on the way ({@link FindingRecords#fromLegacyRow}).
     */
    static ProducerRecord<String, byte[]> toRecord(OutboxStore.Pending p) {
        OutboxStore.Entry e = p.value() != null ? p.entry() : FindingRecords.fromLegacyRow(p);
        RecordHeaders headers = new RecordHeaders();
        e.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(e.topic(), null, e.key(), e.value().getBytes(StandardCharsets.UTF_8), headers);
    }
}
