package dev.canopy.findings.messaging;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.ContentSkippedData;
import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.dlp.ContentAssembler;
import dev.canopy.findings.domain.dlp.DlpScanning;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads content events: the first step of the DLP path consumer → {@link ContentAssembler} → {@link DlpScanning} →
 * lifecycle → outbox. Chunks go to the assembler; a complete version is scanned and applied in one call, and its
 * records are acknowledged only then, so a restart re-reads the whole version (the text itself is never stored).
 * Records the assembler rejects (a chunk without its predecessors, an incomplete or oversized version) go to the
 * dead-letter topic with the reason.
 */
@ApplicationScoped
public class ContentEventConsumer {
    private static final Logger LOG = Logger.getLogger(ContentEventConsumer.class);

    @Inject
    DlpScanning scanning;

    @Inject
    FindingsConfig config;

    private ContentAssembler<Message<?>> assembler;

    @PostConstruct
    void init() {
        assembler = new ContentAssembler<>(config.dlp().maxContentChars(), config.dlp().incompleteContentTimeout());
    }

    @Incoming("content-in")
    public Uni<Void> consume(Message<byte[]> message) {
        CanopyEvent<?> event;
        try {
            @SuppressWarnings("unchecked")
            IncomingKafkaRecordMetadata<String, byte[]> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElseThrow(() -> new InvalidEventException("not a Kafka record"));
            event = EventCodec.decode(meta.getHeaders(), message.getPayload());
        } catch (InvalidEventException e) {
            return nack(List.of(message), e);
        }
        String tenant = event.tenantId();
        return switch (event.type()) {
            case CONTENT -> {
                var step = assembler.accept(tenant, (ContentData) event.data(), event.time(), message, Instant.now());
                Uni<Void> rejected = deadLetter(step.rejected());
                yield step.complete() == null ? rejected : rejected.chain(() -> scanning.scanContent(step.complete())
                        .chain(() -> ack(step.handles()))
                        .onFailure().recoverWithUni(e -> nack(step.handles(), e)));
            }
            case CONTENT_DELETED -> {
                ContentDeletedData d = (ContentDeletedData) event.data();
                yield deadLetter(assembler.abandon(tenant, d.entityId(), "content was deleted"))
                        .chain(() -> scanning.applyDeletion(tenant, d.entityId(), d.contentType(), event.time()))
                        .chain(() -> ack(List.of(message))).onFailure().recoverWithUni(e -> nack(List.of(message), e));
            }
            case CONTENT_SKIPPED -> {
                ContentSkippedData d = (ContentSkippedData) event.data();
                LOG.infof("content %s version %d of tenant %s was not scanned by the connector: %s", d.entityId(),
                        d.version(), tenant, d.reason());
                yield ack(List.of(message));
            }
            default -> ack(List.of(message));
        };
    }

    /** Incomplete versions older than the limit go to the dead-letter topic so their records are not held forever. */
    @Scheduled(every = "30s", delayed = "30s", skipExecutionIf = WhenStarted.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepStale() {
        return deadLetter(assembler.expire(Instant.now()));
    }

    /**
     * The partitions moved to another replica (rebalance): their held chunks are dropped, not dead-lettered, because the
     * replica that now owns them re-reads them from the last committed offset (their records were never acknowledged).
     */
    void partitionsMoved(Collection<TopicPartition> partitions) {
        int dropped = assembler.forget(m -> m.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> partitions.contains(new TopicPartition(meta.getTopic(), meta.getPartition()))).orElse(false));
        if (dropped > 0) {
            LOG.infof("rebalance: %d incomplete content version(s) of revoked partitions left to their new owner", dropped);
        }
    }

    private static Uni<Void> deadLetter(List<ContentAssembler.Rejected<Message<?>>> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(rejected.stream().map(r -> {
            LOG.warnf("dead-lettering %d content record(s): %s", r.handles().size(), r.reason());
            return nack(r.handles(), new IllegalStateException(r.reason()));
        }).toList()).andCollectFailures().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.error("could not dead-letter content records", e);
                    return null;
                });
    }

    private static Uni<Void> ack(List<? extends Message<?>> messages) {
        return Uni.join().all(messages.stream().map(m -> Uni.createFrom().completionStage(m.ack())).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private static Uni<Void> nack(List<? extends Message<?>> messages, Throwable reason) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(messages.stream().map(m -> Uni.createFrom().completionStage(m.nack(reason))).toList())
                .andCollectFailures().replaceWithVoid();
    }
}
