package dev.canopy.support.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The one way services write a record through a SmallRye Kafka channel: topic, key, headers and value taken from a
 * {@link ProducerRecord} (as {@code EventCodec.toRecord} and {@link DeadLetterRecords} build them), so the channel
 * does not choose them. The Uni completes when Kafka acknowledged the record (the channels run acks=all), which is
 * what callers wait for before they commit offsets or mark outbox rows published.
 */
public final class KafkaSend {
    private KafkaSend() {
    }

    public static Uni<Void> send(MutinyEmitter<byte[]> emitter, ProducerRecord<String, byte[]> record) {
        return send(emitter, record, record.topic());
    }

    /** The same record to another topic (a tenant's own copy of the findings stream). */
    public static Uni<Void> send(MutinyEmitter<byte[]> emitter, ProducerRecord<String, byte[]> record, String topic) {
        // the headers are copied: the metadata keeps its own instance, and the same record may go to two topics
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(record.key()).withHeaders(new RecordHeaders(record.headers().toArray()))
                .build();
        return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata));
    }
}
