package dev.canopy.notifier.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.WebhookEndpointDisabledData;
import dev.canopy.contracts.topics.RecordKeys;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.notifier.domain.DeliveryNotices;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.support.messaging.DeadLetterRecords;
import dev.canopy.support.messaging.KafkaSend;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Everything the notifier writes to Kafka: dead letters (undecodable findings records, and deliveries that used
 * up their attempts) on {@code canopy.dlq.notifier-service}, and tenant notices on {@code canopy.notices.v1}.
 * Each Uni completes when Kafka acknowledged the record.
 */
@ApplicationScoped
public class OutboundEvents implements DeliveryNotices {
    private static final Logger LOG = Logger.getLogger(OutboundEvents.class);
    public static final String KIND_HEADER = "canopy-dead-letter-kind";

    @Inject
    @Channel("dead-letters-out")
    MutinyEmitter<byte[]> deadLetters;

    @Inject
    @Channel("notices-out")
    MutinyEmitter<byte[]> notices;

    /** A findings record that could not be decoded, as received plus the reason. */
    public Uni<Void> poisonRecord(ConsumerRecord<String, byte[]> record, String reason) {
        return KafkaSend.send(deadLetters, DeadLetterRecords.of(record, Topics.NOTIFIER_DLQ.name(), reason,
                Map.of(KIND_HEADER, "undecodable-record")));
    }

    @Override
    public Uni<Void> deadDelivery(DeliveryJob job, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterRecords.REASON, utf8(reason));
        headers.add(KIND_HEADER, utf8("webhook-delivery"));
        headers.add("ce_tenantid", utf8(job.tenantId()));
        headers.add("webhook-id", utf8(job.webhookId()));
        headers.add("canopy-delivery-id", utf8(job.id().toString()));
        headers.add("canopy-subscription-id", utf8(job.subscriptionId().toString()));
        String key = RecordKeys.entity(job.tenantId(), "webhook-delivery", job.id().toString());
        var letter = new ProducerRecord<>(Topics.NOTIFIER_DLQ.name(), null, key, utf8(job.payload()), headers);
        return KafkaSend.send(deadLetters, letter)
                .onFailure().invoke(e -> LOG.errorf(e, "dead delivery %s could not be written to the dead-letter topic", job.id()))
                .onFailure().recoverWithNull();
    }

    @Override
    public Uni<Void> endpointDisabled(String tenantId, WebhookEndpointDisabledData data) {
        CloudEvent ce = EventCodec.encode(tenantId, "/canopy/notifier-service", null, null, Instant.now(), data);
        CanopyEvent<?> event = EventCodec.decode(ce);
        return KafkaSend.send(notices, EventCodec.toRecord(event, ce))
                .onFailure().invoke(e -> LOG.errorf(e, "notice for disabled subscription %s was not published", data.subscriptionId()))
                .onFailure().recoverWithNull();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
