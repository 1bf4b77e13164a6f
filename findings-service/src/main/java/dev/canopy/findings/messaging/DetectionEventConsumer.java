package dev.canopy.findings.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.findings.domain.detect.Detections;
import io.smallrye.mutiny.Uni;

/**
 * Detections from the processor become Detection Findings (lifecycle, outbox, OCSF 2004, webhooks). A record that
 * cannot be decoded goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class DetectionEventConsumer {
    @Inject
    Detections detections;

    @Incoming("detections-in")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CanopyEvent<?> event = EventCodec.decode(record.headers(), record.value());
        if (!(event.data() instanceof DetectionData d)) {
            throw new IllegalArgumentException("not a detection: " + event.type().type());
        }
        return detections.record(event.tenantId(), d).replaceWithVoid();
    }
}
