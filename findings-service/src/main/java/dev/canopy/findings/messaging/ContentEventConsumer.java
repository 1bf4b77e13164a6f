package dev.canopy.findings.messaging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

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

    /** At most this many versions are applied in one transaction (and held back waiting). */
    static final int MAX_BATCH = 64;
    /** At most about this many chars of complete versions are held waiting (at least one version). */
    static final long MAX_QUEUED_CHARS = 4_000_000;

    private ContentAssembler<Message<?>> assembler;

    /** Complete versions and deletions in arrival order, guarded by itself, with the fields below. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> roomWaiters = new ArrayList<>();
    private long queuedChars;
    /** Whether a batch taken from the queue is being scanned. */
    private boolean batchScanning;
    /** Batches taken and not yet applied: at most two being applied and one scanned ahead (or waiting). */
    private int unapplied;
    /**
     * Per item (tenant + content key) of a batch not yet applied, when the last such batch is applied: a batch is
     * applied after every earlier batch with one of its items, so the versions of an item are applied in order.
     */
    private final Map<String, CompletableFuture<Void>> itemApplied = new HashMap<>();
    /** When the batch taken before the last one is applied: no more than two batches are applied at once. */
    private CompletableFuture<Void> beforeLastApplied = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> lastApplied = CompletableFuture.completedFuture(null);
    /** When the last deletion taken is applied: a deletion is applied after all batches before it, and all after it. */
    private CompletableFuture<Void> lastDeletion = CompletableFuture.completedFuture(null);

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
                yield step.complete() == null ? rejected
                        : rejected.chain(() -> enqueue(new Pending(step.complete(), step.handles(), null)));
            }
            case CONTENT_DELETED -> {
                ContentDeletedData d = (ContentDeletedData) event.data();
                // through the queue, so it is applied after the versions of the item received before it
                yield deadLetter(assembler.abandon(tenant, d.entityId(), "content was deleted"))
                        .chain(() -> enqueue(new Pending(null, List.of(message), () -> scanning.applyDeletion(tenant,
                                d.entityId(), d.contentType(), event.time()))));
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

    /**
     * A complete version to scan, or a deletion to apply, with the records to acknowledge once it is applied.
     * Exactly one of {@code version} and {@code deletion} is set.
     */
    private record Pending(ContentAssembler.Assembled version, List<Message<?>> handles, Supplier<Uni<Void>> deletion) {
        long chars() {
            return version == null ? 0 : version.chars();
        }
    }

    /**
     * Group commit with the next batch scanned ahead: complete versions wait here while a batch is being scanned, and
     * the next batch takes all that arrived meanwhile (up to {@link #MAX_BATCH} versions / {@link #MAX_QUEUED_CHARS}
     * chars) — one version alone when they arrive slowly, no timer, no added latency. A batch is scanned as soon as the
     * one before it is scanned, while earlier ones are applied in their transactions (scanning and the database work
     * overlap). Up to two batches are applied at once, but a batch waits for every earlier batch that holds one of its
     * items, and a deletion for everything before it, so the versions of an item are applied in order. Records are
     * acknowledged only after their batch's transaction committed (at-least-once: a crash re-reads them, and a
     * re-applied version only sees its findings again). The consumer is held back while the queue is full, so at most
     * about four batches of text are in memory (queued, scanning, two applying).
     */
    private Uni<Void> enqueue(Pending pending) {
        Context context = Vertx.currentContext();
        CompletableFuture<Void> room = null;
        synchronized (queue) {
            queue.add(pending);
            queuedChars += pending.chars();
            takeNextIfIdle(context);
            if (queue.size() >= MAX_BATCH || queuedChars >= MAX_QUEUED_CHARS) {
                room = new CompletableFuture<>();
                roomWaiters.add(room);
            }
        }
        if (room == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> wait = Uni.createFrom().completionStage(room);
        return context == null ? wait : wait.emitOn(r -> context.runOnContext(x -> r.run()));
    }

    /** Under the queue's lock: takes the next batch when none is being scanned and at most two are not yet applied. */
    private void takeNextIfIdle(Context caller) {
        if (!batchScanning && unapplied < 3 && !queue.isEmpty()) {
            take(caller);
        }
    }

    /**
     * Under the queue's lock: takes the next batch (a deletion alone, else the leading versions), scans it at once and
     * applies it, on a context of its own, after the earlier batches it must follow (see {@link #enqueue}).
     */
    private void take(Context caller) {
        List<Pending> batch = new ArrayList<>();
        long chars = 0;
        while (!queue.isEmpty() && batch.size() < MAX_BATCH && (batch.isEmpty() || chars < MAX_QUEUED_CHARS)) {
            Pending next = queue.peek();
            if (next.deletion() != null && !batch.isEmpty()) {
                break;
            }
            queue.poll();
            batch.add(next);
            chars += next.chars();
            if (next.deletion() != null) {
                break;
            }
        }
        queuedChars -= chars;
        batchScanning = true;
        unapplied++;
        CompletableFuture<Void> applied = new CompletableFuture<>();
        List<CompletableFuture<Void>> before = new ArrayList<>(List.of(beforeLastApplied, lastDeletion));
        if (batch.get(0).deletion() != null) {
            before.addAll(itemApplied.values()); // its item's key is not known here: after everything before it
            lastDeletion = applied;
        } else {
            List<String> items = batch.stream().map(p -> p.version().item()).toList();
            for (String item : items) {
                CompletableFuture<Void> earlier = itemApplied.put(item, applied);
                if (earlier != null && earlier != applied) { // two versions of an item in a batch: applied in order by it
                    before.add(earlier);
                }
            }
            applied.whenComplete((x, e) -> {
                synchronized (queue) {
                    items.forEach(item -> itemApplied.remove(item, applied)); // unless a later batch took it over
                }
            });
        }
        beforeLastApplied = lastApplied;
        lastApplied = applied;
        CompletableFuture<Void> previous = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new));
        // a new safe duplicated context per batch, as SmallRye gives each record: context-local state stays with its batch
        Context flushContext = caller == null ? null : VertxContext.createNewDuplicatedContext(caller);
        if (flushContext != null) {
            VertxContextSafetyToggle.setContextSafe(flushContext, true);
        }
        Consumer<Runnable> onContext = r -> {
            if (flushContext == null) {
                r.run();
            } else {
                flushContext.runOnContext(x -> r.run());
            }
        };
        Consumer<DlpScanning.Scanned> whenScanned = scanned -> {
            released(caller, () -> batchScanning = false);
            previous.whenComplete((x, e) -> onContext.accept(() -> apply(batch, scanned).subscribe().with(
                    y -> applied(caller, applied), e2 -> applied(caller, applied))));
        };
        onContext.accept(() -> scanAhead(batch).subscribe().with(whenScanned, e -> {
            LOG.warnf("a batch of %d content versions could not be scanned (%s); scanning them one by one",
                    batch.size(), e.toString());
            whenScanned.accept(null);
        }));
    }

    /** The versions of a batch scanned, or null for a deletion (nothing to scan ahead). */
    private Uni<DlpScanning.Scanned> scanAhead(List<Pending> batch) {
        if (batch.get(0).deletion() != null) {
            return Uni.createFrom().nullItem();
        }
        return scanning.scanAhead(batch.stream().map(Pending::version).toList());
    }

    private void applied(Context caller, CompletableFuture<Void> applied) {
        released(caller, () -> unapplied--);
        applied.complete(null);
    }

    /** A batch's scan or apply ended: takes the next batch if it may, and lets the consumer read on if there is room. */
    private void released(Context caller, Runnable change) {
        List<CompletableFuture<Void>> free;
        synchronized (queue) {
            change.run();
            takeNextIfIdle(caller);
            free = freeRoom();
        }
        free.forEach(f -> f.complete(null));
    }

    /** Under the queue's lock: the consumer's waits to release (to complete outside the lock) when there is room. */
    private List<CompletableFuture<Void>> freeRoom() {
        if (roomWaiters.isEmpty() || queue.size() >= MAX_BATCH || queuedChars >= MAX_QUEUED_CHARS) {
            return List.of();
        }
        List<CompletableFuture<Void>> free = new ArrayList<>(roomWaiters);
        roomWaiters.clear();
        return free;
    }

    /**
     * Applies a batch and acknowledges its records; when the batch fails as a whole (or could not be scanned), each
     * version is scanned and applied again alone, so only the one that fails again is dead-lettered.
     */
    private Uni<Void> apply(List<Pending> batch, DlpScanning.Scanned scanned) {
        if (scanned == null) {
            return oneByOne(batch);
        }
        long t0 = System.nanoTime();
        return scanning.apply(scanned)
                .chain(() -> ack(batch.stream().flatMap(p -> p.handles().stream()).toList()))
                .invoke(() -> LOG.debugf("applied a batch of %d content versions (%d chars) in %d ms", batch.size(),
                        batch.stream().mapToLong(Pending::chars).sum(), (System.nanoTime() - t0) / 1_000_000))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("a batch of %d content versions failed (%s); applying them one by one", batch.size(),
                            e.toString());
                    return oneByOne(batch);
                });
    }

    private Uni<Void> oneByOne(List<Pending> batch) {
        return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(this::applyOne)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> applyOne(Pending p) {
        Uni<Void> work = p.deletion() != null ? p.deletion().get() : scanning.scanContent(p.version());
        return work.chain(() -> ack(p.handles())).onFailure().recoverWithUni(e -> nack(p.handles(), e))
                .onFailure().recoverWithItem(e -> {
                    LOG.error("could not acknowledge or dead-letter content records", e);
                    return null;
                });
    }

    /** Incomplete versions older than the limit go to the dead-letter topic so their records are not held forever. */
    @Scheduled(every = "30s", delayed = "30s", skipExecutionIf = WhenRunning.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
