package dev.canopy.findings.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.ContentSkippedData;
import dev.canopy.dlp.ChunkStitcher;
import dev.canopy.dlp.Match;
import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.dlp.DlpDrafts;
import dev.canopy.findings.domain.dlp.DlpEngines;
import dev.canopy.findings.domain.dlp.DlpScanning;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Scans content events. Chunks of one content version arrive in order on one partition; they are fed to a chunk
 * stitcher as they come (a secret across a boundary is found once) and their records are acknowledged only when the
 * version's last chunk has been scanned and its findings committed, so a restart re-reads the whole version. The
 * text itself is never stored. A version whose remaining chunks do not arrive within the stale limit, or a chunk
 * whose predecessors are missing, goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class ContentEventConsumer {
    private static final Logger LOG = Logger.getLogger(ContentEventConsumer.class);

    @Inject
    DlpScanning scanning;

    @Inject
    FindingsConfig config;

    /** A content version whose chunks are still arriving. */
    private static final class InFlight {
        final int version;
        final ChunkStitcher stitcher;
        final DlpEngines.TenantEngine engine;
        final List<Message<?>> held = new ArrayList<>();
        final List<Match> matches = new ArrayList<>();
        final Instant started = Instant.now();
        long chars;

        InFlight(int version, DlpEngines.TenantEngine engine, dev.canopy.dlp.ScanBudget budget) {
            this.version = version;
            this.engine = engine;
            this.stitcher = new ChunkStitcher(engine.engine(), budget);
        }
    }

    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

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
            case CONTENT -> onChunk(tenant, event, (ContentData) event.data(), message);
            case CONTENT_DELETED -> {
                ContentDeletedData d = (ContentDeletedData) event.data();
                abandon(tenant + "/" + d.entityId(), "content was deleted");
                yield scanning.applyDeletion(tenant, d.entityId(), d.contentType(), event.time())
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

    private Uni<Void> onChunk(String tenant, CanopyEvent<?> event, ContentData d, Message<?> message) {
        String key = tenant + "/" + d.entityId();
        Uni<InFlight> current;
        if (d.chunk() == 0) {
            abandon(key, "version " + d.version() + " started before the previous one was complete");
            current = scanning.engine(tenant).map(engine -> {
                InFlight f = new InFlight(d.version(), engine, scanning.newBudget());
                inFlight.put(key, f);
                return f;
            });
        } else {
            InFlight f = inFlight.get(key);
            if (f == null || f.version != d.version()) {
                return nack(List.of(message), new IllegalStateException("chunk " + d.chunk() + " of " + d.entityId()
                        + " version " + d.version() + " arrived without its earlier chunks"));
            }
            current = Uni.createFrom().item(f);
        }
        return current.chain(f -> {
            f.held.add(message);
            boolean last = d.chunk() == d.chunks() - 1;
            // the scan runs on the bounded DLP pool within the version's time budget, never on the event loop
            return scanning.scanChunk(() -> f.stitcher.accept(d.chunk(), d.offset(), d.text(), last), d.text().length())
                    .onItemOrFailure().transformToUni((found, failure) -> {
                        if (failure != null) {
                            inFlight.remove(key, f);
                            return nack(f.held, failure);
                        }
                        f.matches.addAll(found);
                        f.chars += d.text().length();
                        if (!last) {
                            return Uni.createFrom().voidItem();
                        }
                        inFlight.remove(key, f);
                        var ref = new DlpDrafts.ContentRef(d.siteId(), d.contentId(), d.contentType(), d.version(),
                                d.title(), d.webUrl());
                        return scanning.applyScan(tenant, ref, event.time(), f.matches, f.engine,
                                        f.stitcher.budget().exceeded())
                                .chain(() -> ack(f.held))
                                .onFailure().recoverWithUni(e -> nack(f.held, e));
                    });
        });
    }

    /** Incomplete versions older than the limit go to the dead-letter topic so their records are not held forever. */
    @Scheduled(every = "30s", delayed = "30s", skipExecutionIf = WhenStarted.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepStale() {
        Duration staleAfter = config.dlp().incompleteContentTimeout();
        Instant limit = Instant.now().minus(staleAfter);
        List<Uni<Void>> nacks = new ArrayList<>();
        inFlight.forEach((key, f) -> {
            if (f.started.isBefore(limit) && inFlight.remove(key, f)) {
                nacks.add(nack(f.held, new IllegalStateException("content " + key + " version " + f.version
                        + " incomplete: only " + f.held.size() + " chunk(s) arrived within " + staleAfter)));
            }
        });
        return nacks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(nacks).andCollectFailures().replaceWithVoid();
    }

    private void abandon(String key, String why) {
        InFlight previous = inFlight.remove(key);
        if (previous != null) {
            LOG.warnf("abandoning content %s version %d (%d chunks held): %s", key, previous.version,
                    previous.held.size(), why);
            nack(previous.held, new IllegalStateException("content " + key + " version " + previous.version
                    + " abandoned: " + why)).subscribe().with(x -> {
                    }, e -> LOG.error("could not dead-letter abandoned chunks", e));
        }
    }

    private static Uni<Void> ack(List<? extends Message<?>> messages) {
        return Uni.join().all(messages.stream().map(m -> Uni.createFrom().completionStage(m.ack())).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private static Uni<Void> nack(List<? extends Message<?>> messages, Throwable reason) {
        return Uni.join().all(messages.stream().map(m -> Uni.createFrom().completionStage(m.nack(reason))).toList())
                .andCollectFailures().replaceWithVoid();
    }
}
