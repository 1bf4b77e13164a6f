package dev.canopy.connector.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.canopy.connector.domain.sync.SyncEvents;
import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.support.messaging.KafkaSend;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The service's only way to Kafka, the {@link SyncEvents} port of the sync domain: sends platform events to their
 * type's topic, keyed by tenant + entity. The batch call returns only when Kafka has acknowledged every record
 * (acks=all, idempotent producer), which is what checkpoints wait for.
 */
@ApplicationScoped
public class EventPublisher implements SyncEvents {
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    @Channel("events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<byte[]> emitter;

    /** Sends a batch and blocks (worker threads only) until all of it is acknowledged; fails if any record failed. */
    @Override
    public void publishAndAwait(Origin origin, Instant observedAt, List<? extends EntityData> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Uni<Void>> sends = new ArrayList<>(batch.size());
        for (EntityData data : batch) {
            String id = UUID.randomUUID().toString();
            CloudEvent ce = EventCodec.encode(id, origin.tenantId(), origin.source(), origin.connectionId(),
                    origin.runId(), observedAt, data);
            // built directly instead of decoding the CloudEvent again: same attributes, no JSON round trip
            CanopyEvent<EntityData> event = new CanopyEvent<>(id, EventType.of(data.getClass()), origin.tenantId(),
                    origin.source(), data.entityId(), observedAt, origin.connectionId(), origin.runId(), data);
            sends.add(send(event, ce));
        }
        Uni.join().all(sends).andCollectFailures().await().atMost(ACK_TIMEOUT);
    }

    private Uni<Void> send(CanopyEvent<?> event, CloudEvent cloudEvent) {
        return KafkaSend.send(emitter, EventCodec.toRecord(event, cloudEvent));
    }
}
