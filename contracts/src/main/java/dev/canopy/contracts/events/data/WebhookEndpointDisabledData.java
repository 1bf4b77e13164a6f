package dev.canopy.contracts.events.data;

import java.time.Instant;

/**
 * The notifier stopped delivering to a tenant's webhook subscription: the endpoint answered 410 Gone, or it kept
 * failing since {@code failingSince}. Published on the notices topic; the subscription can be re-enabled over REST.
 */
public record WebhookEndpointDisabledData(String subscriptionId, String url, String reason, Instant failingSince,
        Instant disabledAt) implements EntityData {
    public WebhookEndpointDisabledData {
        Required.text("subscriptionId", subscriptionId);
        Required.text("url", url);
        Required.text("reason", reason);
    }

    @Override
    public String entityId() {
        return subscriptionId;
    }
}
