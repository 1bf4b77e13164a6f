package dev.canopy.inventory.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records this service cannot apply to its dead-letter topic: the record as received (key, value, headers)
 * plus the same {@code dead-letter-*} headers the SmallRye dead-letter strategy writes. The Uni completes when
 * Kafka acknowledged every record, so a batch is committed only after its dead letters are safe.
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
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        header(headers, "dead-letter-reason", letter.reason());
        header(headers, "dead-letter-topic", r.topic());
        header(headers, "dead-letter-partition", String.valueOf(r.partition()));
        header(headers, "dead-letter-offset", String.valueOf(r.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(r.key()).withHeaders(headers).build();
        byte[] value = r.value() == null ? new byte[0] : r.value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
