package dev.canopy.notifier.domain;

import dev.canopy.contracts.events.data.WebhookEndpointDisabledData;
import dev.canopy.notifier.store.DeliveryJob;
import io.smallrye.mutiny.Uni;

/**
 * What delivery outcomes the notifier tells the rest of the platform. The domain decides when; messaging
 * ({@code OutboundEvents}) decides how (Kafka topics, headers), so the domain does not depend on messaging.
 * Neither call fails: a notice that cannot be written is logged by the implementation and the delivery state in
 * the database stays the record of truth.
 */
public interface DeliveryNotices {
    /** A delivery that used up its attempts (or whose endpoint was disabled): its signed payload plus why. */
    Uni<Void> deadDelivery(DeliveryJob job, String reason);

    /** A subscription's endpoint was disabled after failing for too long. */
    Uni<Void> endpointDisabled(String tenantId, WebhookEndpointDisabledData data);
}
