package dev.canopy.notifier.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionFilter;

/** A subscription as the API shows it: never its secrets. */
public record SubscriptionView(UUID id, String url, String description, Filters filters, boolean enabled,
        String disabledReason, Instant disabledAt, Instant previousSecretValidUntil, Instant createdAt, Instant updatedAt) {

    public record Filters(List<String> kinds, int minSeverityId, List<String> ruleIds, List<String> states) {
    }

    static SubscriptionView of(Subscription s) {
        SubscriptionFilter f = s.filter();
        Instant now = Instant.now();
        return new SubscriptionView(s.id(), s.url(), s.description(),
                new Filters(SubscriptionFilter.sorted(f.kinds()), f.minSeverityId(), SubscriptionFilter.sorted(f.ruleIds()),
                        SubscriptionFilter.sorted(f.states())),
                s.enabled(), s.disabledReason(), s.disabledAt(),
                s.previousSecretActive(now) ? s.previousSecretUntil() : null, s.createdAt(), s.updatedAt());
    }

    /** Answer to create: the only time the signing secret is shown. */
    public record Created(SubscriptionView subscription, String secret) {
    }

    /** Answer to a rotation: the new secret (shown once) and until when the previous one still signs. */
    public record Rotated(String secret, Instant previousSecretValidUntil) {
    }

    public record Health(UUID subscriptionId, String status, boolean enabled, String disabledReason,
            int consecutiveFailures, Instant failingSince, Instant lastSuccessAt, Instant lastFailureAt, String circuit,
            long pending, long delivered, long dead, long deliveredLast24h, long failedAttemptsLast24h,
            Double medianLatencyMsLast24h) {
    }
}
