package dev.canopy.notifier.messaging;

import java.time.Duration;
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
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.notifier.domain.DeliveryDispatcher;
import dev.canopy.notifier.domain.FindingDeliveries;
import dev.canopy.notifier.domain.FindingDeliveries.FindingChange;
import dev.canopy.notifier.domain.FindingSummary;
import io.smallrye.mutiny.Uni;

/**
 * Turns finding events into delivery jobs. Per polled batch: decode, have {@link FindingDeliveries} match the
 * subscriptions of the events' tenants and insert the jobs in one transaction (idempotent per subscription and
 * event), and only then complete, so the offsets are committed after the jobs are durable. Undecodable records go
 * to the dead-letter topic with the reason and the batch goes on. After the commit the new jobs go straight to the
 * dispatcher.
 */
@ApplicationScoped
public class FindingConsumer {
    private static final Logger LOG = Logger.getLogger(FindingConsumer.class);

    @Inject
    FindingDeliveries findingDeliveries;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    OutboundEvents outbound;

    @Incoming("findings-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<FindingChange> findings = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CanopyEvent<?> event = EventCodec.decode(record.headers(), record.value());
                if (event.type() != EventType.FINDING) {
                    LOG.debugf("ignoring %s on the findings topic", event.type().type());
                    continue;
                }
                findings.add(new FindingChange(event.tenantId(), event.id(),
                        FindingSummary.of(event.dataAs(OcsfFinding.class))));
            } catch (InvalidEventException | IllegalArgumentException e) {
                deadLetters.add(outbound.poisonRecord(record, e.getMessage()));
            }
        }
        Uni<Void> poison = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        if (findings.isEmpty()) {
            return poison;
        }
        return findingDeliveries.store(findings)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(6)
                .call(jobs -> poison)
                .invoke(dispatcher::submit)
                .replaceWithVoid();
    }
}
