package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns a batch of finding changes into delivery jobs in one transaction: the enabled subscriptions of the
 * findings' tenants are read, each finding is matched against their filters, and one job per (subscription,
 * finding event) is inserted, already leased by this instance. Inserting is idempotent per subscription and event,
 * so a batch consumed again creates nothing twice; only the jobs actually inserted come back.
 */
@ApplicationScoped
public class FindingDeliveries {

    /** One finding change of one tenant, as consumed. */
    public record FindingChange(String tenantId, String eventId, FindingSummary summary) {
    }

    private final Pool pool;
    private final SubscriptionStore subscriptions;
    private final DeliveryQueue queue;
    private final DeliveryDispatcher dispatcher;
    private final NotifierConfig config;

    public FindingDeliveries(Pool pool, SubscriptionStore subscriptions, DeliveryQueue queue,
            DeliveryDispatcher dispatcher, NotifierConfig config) {
        this.pool = pool;
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    /** Stores the jobs; the Uni completes after the commit with the jobs inserted (for {@link DeliveryDispatcher#submit}). */
    public Uni<List<DeliveryJob>> store(List<FindingChange> findings) {
        List<String> tenants = findings.stream().map(FindingChange::tenantId).distinct().toList();
        Instant now = Instant.now();
        String owner = dispatcher.owner();
        return pool.withTransaction(tx -> subscriptions.enabledFor(tx, tenants).flatMap(subs -> {
            Map<UUID, DeliveryJob> planned = new HashMap<>();
            List<DeliveryQueue.NewDelivery> rows = new ArrayList<>();
            for (FindingChange f : findings) {
                String payload = null;
                for (Subscription s : subs) {
                    if (!s.tenantId().equals(f.tenantId()) || !f.summary().wantedBy(s.filter())) {
                        continue;
                    }
                    if (payload == null) {
                        payload = WebhookPayload.forFinding(f.tenantId(), f.eventId(), f.summary(),
                                config.findingsApiUrl(), config.maxPayloadBytes());
                    }
                    UUID id = UUID.randomUUID();
                    rows.add(new DeliveryQueue.NewDelivery(id, s.tenantId(), s.id(), f.eventId(),
                            f.summary().eventType(), f.summary().findingId(), payload));
                    planned.put(id, DeliveryJob.leasedNew(id, s, f.summary().eventType(), payload));
                }
            }
            return queue.insertLeased(tx, rows, owner, now, now.plus(config.lease()))
                    .map(inserted -> inserted.stream().map(planned::get).toList());
        }));
    }
}
