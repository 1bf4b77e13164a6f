package dev.canopy.inventory.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.canopy.contracts.topics.Topics;
import dev.canopy.support.messaging.DeadLetterRecords;
import dev.canopy.support.messaging.KafkaSend;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends records this service cannot apply to its dead-letter topic, as {@link DeadLetterRecords} writes them (the
 * record as received plus the {@code dead-letter-*} headers). The Uni completes when Kafka acknowledged every
 * record, so a batch is committed only after its dead letters are safe.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    }

    @Inject
    @Channel("inventory-dlq")
    MutinyEmitter<byte[]> emitter;

    public Uni<Void> send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(letters).onItem().transformToUniAndMerge(this::send)
                .collect().last().replaceWithVoid();
    }

    public Uni<Void> send(DeadLetter letter) {
        ConsumerRecord<String, byte[]> r = letter.record();
        LOG.warnf("dead letter from %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), letter.reason());
        return KafkaSend.send(emitter, DeadLetterRecords.of(r, Topics.INVENTORY_DLQ.name(), letter.reason(), Map.of()));
    }
}
