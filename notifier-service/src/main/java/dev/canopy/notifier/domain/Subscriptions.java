package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.DeliveryStore;
import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionFilter;
import dev.canopy.notifier.store.SubscriptionStore;
import dev.canopy.support.resilience.CircuitBreaker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The webhook subscription aggregate as the REST API uses it: endpoint URLs checked against the outbound guard
 * (fails with {@code TargetRefusedException}), signing secrets generated and sealed here and shown to the caller
 * once, test deliveries, endpoint health. Tenant id first on every call; a subscription the tenant does not have
 * is a null item. Each call is one statement except where noted, so the stores run it on the pool.
 */
@ApplicationScoped
public class Subscriptions {

    /** A test delivery of a disabled subscription is refused. */
    public static final class DisabledException extends RuntimeException {
        DisabledException(UUID id) {
            super("subscription '" + id + "' is disabled");
        }
    }

    public record Created(Subscription subscription, String secret) {
    }

    public record Rotated(String secret, Instant previousSecretUntil) {
    }

    public record TestDelivery(UUID deliveryId, String webhookId) {
    }

    public record Health(Subscription subscription, DeliveryStore.Counts counts, CircuitBreaker.State circuit) {
    }

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final DeliveryQueue queue;
    private final DeliveryDispatcher dispatcher;
    private final TargetChecker targets;
    private final SigningSecretCipher cipher;
    private final NotifierConfig config;
    private final Pool pool;

    public Subscriptions(SubscriptionStore subscriptions, DeliveryStore deliveries, DeliveryQueue queue,
            DeliveryDispatcher dispatcher, TargetChecker targets, SigningSecretCipher cipher, NotifierConfig config,
            Pool pool) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.targets = targets;
        this.cipher = cipher;
        this.config = config;
        this.pool = pool;
    }

    public Uni<Created> create(String tenantId, String url, String description, SubscriptionFilter filter,
            boolean enabled) {
        return checkedUrl(url).flatMap(checked -> {
            UUID id = UUID.randomUUID();
            String secret = SigningSecret.generate();
            var row = new SubscriptionStore.NewSubscription(id, checked, description, filter, enabled,
                    cipher.seal(tenantId, id.toString(), secret));
            return subscriptions.create(tenantId, row, Instant.now()).map(s -> new Created(s, secret));
        });
    }

    public Uni<List<Subscription>> list(String tenantId) {
        return subscriptions.list(tenantId);
    }

    public Uni<Subscription> find(String tenantId, UUID id) {
        return subscriptions.find(tenantId, id);
    }

    /** Replaces URL, description, filter and enabled flag; enabling again clears the failure history. */
    public Uni<Subscription> update(String tenantId, UUID id, String url, String description,
            SubscriptionFilter filter, boolean enabled) {
        return checkedUrl(url).flatMap(checked -> subscriptions.update(tenantId, id, checked, description, filter,
                enabled, Instant.now()));
    }

    /** True when the subscription existed. */
    public Uni<Boolean> delete(String tenantId, UUID id) {
        return subscriptions.delete(tenantId, id);
    }

    /** A new secret; the previous one keeps signing for {@code rotation-overlap}. */
    public Uni<Rotated> rotateSecret(String tenantId, UUID id) {
        String secret = SigningSecret.generate();
        String enc = cipher.seal(tenantId, id.toString(), secret);
        Instant now = Instant.now();
        Instant until = now.plus(config.rotationOverlap());
        return subscriptions.rotateSecret(tenantId, id, enc, until, now)
                .map(s -> s == null ? null : new Rotated(secret, until));
    }

    /**
     * Queues a signed {@code webhook.test} delivery, leased by this instance, and hands it to the dispatcher at
     * once; fails with {@link DisabledException} when the subscription is disabled.
     */
    public Uni<TestDelivery> sendTest(String tenantId, UUID id) {
        return subscriptions.find(tenantId, id).flatMap(s -> {
            if (s == null) {
                return Uni.createFrom().nullItem();
            }
            if (!s.enabled()) {
                throw new DisabledException(id);
            }
            Instant now = Instant.now();
            UUID deliveryId = UUID.randomUUID();
            String payload = WebhookPayload.test(tenantId, id.toString(), now);
            var row = new DeliveryQueue.NewDelivery(deliveryId, tenantId, id, "test-" + deliveryId, "webhook.test",
                    null, payload);
            return queue.insertLeased(pool, List.of(row), dispatcher.owner(), now, now.plus(config.lease()))
                    .map(ids -> {
                        dispatcher.submit(List.of(DeliveryJob.leasedNew(deliveryId, s, "webhook.test", payload)));
                        return new TestDelivery(deliveryId, DeliveryJob.webhookId(deliveryId));
                    });
        });
    }

    /** The subscription, its delivery counts and its circuit as this instance sees it. */
    public Uni<Health> health(String tenantId, UUID id) {
        return subscriptions.find(tenantId, id).flatMap(s -> s == null ? Uni.createFrom().nullItem()
                : deliveries.counts(tenantId, id, Instant.now())
                        .map(c -> new Health(s, c, dispatcher.circuit(id))));
    }

    private Uni<String> checkedUrl(String url) {
        return targets.check(url).map(t -> t.target().url());
    }
}
