package dev.canopy.connector.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends platform events to their topic, keyed by tenant + entity. The returned Uni completes only when Kafka has
 * acknowledged the record (acks=all, idempotent producer), which is what checkpoints wait for.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("events-out")
    MutinyEmitter<byte[]> emitter;

    public Uni<Void> publish(CloudEvent cloudEvent) {
        CanopyEvent<?> event = EventCodec.decode(cloudEvent);
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(event, cloudEvent);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic()).withKey(record.key()).withHeaders(record.headers()).build();
        return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata));
    }
}
