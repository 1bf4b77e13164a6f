package dev.canopy.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.domain.DeliveryDispatcher;
import dev.canopy.notifier.domain.FindingSummary;
import dev.canopy.notifier.domain.WebhookPayload;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns finding events into delivery jobs. Per polled batch: decode, match the subscriptions of the events'
 * tenants, insert the jobs in one transaction (idempotent per subscription and event), and only then complete,
 * so the offsets are committed after the jobs are durable. Undecodable records go to the dead-letter topic with
 * the reason and the batch goes on. After the commit the new jobs go straight to the dispatcher.
 */
@ApplicationScoped
public class FindingConsumer {
    private static final Logger LOG = Logger.getLogger(FindingConsumer.class);

    @Inject
    Pool pool;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryQueue queue;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    OutboundEvents outbound;

    @Inject
    NotifierConfig config;

    private record Finding(CanopyEvent<?> event, FindingSummary summary) {
    }

    @Incoming("findings-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Finding> findings = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CanopyEvent<?> event = EventCodec.decode(record.headers(), record.value());
                if (event.type() != EventType.FINDING) {
                    LOG.debugf("ignoring %s on the findings topic", event.type().type());
                    continue;
                }
                findings.add(new Finding(event, FindingSummary.of(event.dataAs(OcsfFinding.class))));
            } catch (InvalidEventException | IllegalArgumentException e) {
                deadLetters.add(outbound.poisonRecord(record, e.getMessage()));
            }
        }
        Uni<Void> poison = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        if (findings.isEmpty()) {
            return poison;
        }
        return storeJobs(findings)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(6)
                .call(jobs -> poison)
                .invoke(dispatcher::submit)
                .replaceWithVoid();
    }

    private Uni<List<DeliveryJob>> storeJobs(List<Finding> findings) {
        List<String> tenants = findings.stream().map(f -> f.event().tenantId()).distinct().toList();
        Instant now = Instant.now();
        String owner = dispatcher.owner();
        return pool.withTransaction(tx -> subscriptions.enabledFor(tx, tenants).flatMap(subs -> {
            Map<UUID, DeliveryJob> planned = new HashMap<>();
            List<DeliveryQueue.NewDelivery> rows = new ArrayList<>();
            for (Finding f : findings) {
                String payload = null;
                for (Subscription s : subs) {
                    if (!s.tenantId().equals(f.event().tenantId()) || !s.filter().matches(f.summary())) {
                        continue;
                    }
                    if (payload == null) {
                        payload = WebhookPayload.forFinding(f.event().tenantId(), f.event().id(), f.summary(),
                                config.findingsApiUrl(), config.maxPayloadBytes());
                    }
                    UUID id = UUID.randomUUID();
                    rows.add(new DeliveryQueue.NewDelivery(id, s.tenantId(), s.id(), f.event().id(),
                            f.summary().eventType(), f.summary().findingId(), payload));
                    planned.put(id, new DeliveryJob(id, s.tenantId(), s.id(), f.summary().eventType(), payload, 0, 0,
                            s.url(), s.secretEnc(), s.previousSecretEnc(), s.previousSecretUntil(), true));
                }
            }
            return queue.insertLeased(tx, rows, owner, now, now.plus(config.lease()))
                    .map(inserted -> inserted.stream().map(planned::get).toList());
        }));
    }
}
