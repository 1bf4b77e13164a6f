package dev.canopy.inventory.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.inventory.config.InventoryConfig;
import dev.canopy.inventory.domain.InventoryBatch;
import dev.canopy.inventory.domain.InventoryUpdates;
import dev.canopy.inventory.messaging.DeadLetters.DeadLetter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Consumes inventory events in batches. Records that cannot be decoded or applied go to the dead-letter topic with
 * the reason (sent here, not by the channel's dead-letter strategy, which would dead-letter the whole batch); the
 * valid rest of the batch is stored in one transaction. When PostgreSQL rejects a batch because of its data, the
 * batch is applied record by record so only the offending record is dead-lettered. Other failures (database
 * unreachable) are retried and then fail the channel: the service turns unhealthy and, restarted, re-reads from the
 * last committed offset, so nothing valid is skipped.
 */
@ApplicationScoped
public class InventoryEventConsumer {
    private static final Logger LOG = Logger.getLogger(InventoryEventConsumer.class);

    @Inject
    InventoryUpdates updates;

    @Inject
    DeadLetters deadLetters;

    @Inject
    InventoryConfig config;

    @Inject
    MeterRegistry metrics;

    private record Decoded(ConsumerRecord<String, byte[]> record, CanopyEvent<?> event) {
    }

    @Incoming("inventory-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Decoded> valid = new ArrayList<>(records.count());
        List<DeadLetter> dead = new ArrayList<>();
        InventoryBatch batch = new InventoryBatch();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                CanopyEvent<?> event = EventCodec.decode(r.headers(), r.value());
                batch.add(event);
                valid.add(new Decoded(r, event));
            } catch (InvalidEventException | IllegalArgumentException e) {
                dead.add(new DeadLetter(r, e.getMessage()));
            }
        }
        metrics.counter("canopy.inventory.events", "outcome", "dead-letter").increment(dead.size());
        return deadLetters.send(dead).chain(() -> store(batch, valid))
                .invoke(() -> metrics.counter("canopy.inventory.events", "outcome", "applied").increment(valid.size()));
    }

    private Uni<Void> store(InventoryBatch batch, List<Decoded> valid) {
        return updates.apply(batch)
                .onFailure(StoreFailures::rejectedData).recoverWithUni(f -> oneByOne(valid, f))
                .onFailure().invoke(f -> LOG.warnf("storing a batch of %d events failed, retrying: %s", valid.size(), f))
                .onFailure().retry()
                .withBackOff(config.storeRetry().initialBackoff(), config.storeRetry().maxBackoff())
                .atMost(config.storeRetry().attempts());
    }

    private Uni<Void> oneByOne(List<Decoded> records, Throwable batchFailure) {
        LOG.warnf("PostgreSQL rejected a batch (%s); applying its %d records one by one", batchFailure.getMessage(),
                records.size());
        return Multi.createFrom().iterable(records).onItem().transformToUniAndConcatenate(d -> {
            InventoryBatch single = new InventoryBatch();
            single.add(d.event());
            return updates.apply(single).onFailure(StoreFailures::rejectedData).recoverWithUni(f -> deadLetters
                    .send(new DeadLetter(d.record(), "rejected by the inventory store: " + StoreFailures.reason(f))));
        }).collect().last().replaceWithVoid();
    }
}
