package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.UUID;

import dev.canopy.notifier.domain.SubscriptionFilter;
import io.vertx.mutiny.sqlclient.Row;

/** A stored webhook subscription (secrets still encrypted). */
public record Subscription(UUID id, String tenantId, String url, String description, SubscriptionFilter filter,
        boolean enabled, String disabledReason, Instant disabledAt, String secretEnc, String previousSecretEnc,
        Instant previousSecretUntil, int consecutiveFailures, Instant failingSince, Instant lastSuccessAt,
        Instant lastFailureAt, Instant createdAt, Instant updatedAt) {

    static final String COLUMNS = "id, tenant_id, url, description, kinds, min_severity_id, rule_ids, states, enabled, "
            + "disabled_reason, disabled_at, secret_enc, previous_secret_enc, previous_secret_until, consecutive_failures, "
            + "failing_since, last_success_at, last_failure_at, created_at, updated_at";

    static Subscription of(Row r) {
        return new Subscription(r.getUUID("id"), r.getString("tenant_id"), r.getString("url"), r.getString("description"),
                new SubscriptionFilter(SubscriptionFilter.split(r.getString("kinds")), r.getInteger("min_severity_id"),
                        SubscriptionFilter.split(r.getString("rule_ids")), SubscriptionFilter.split(r.getString("states"))),
                r.getBoolean("enabled"), r.getString("disabled_reason"), Times.instant(r, "disabled_at"),
                r.getString("secret_enc"), r.getString("previous_secret_enc"), Times.instant(r, "previous_secret_until"),
                r.getInteger("consecutive_failures"), Times.instant(r, "failing_since"), Times.instant(r, "last_success_at"),
                Times.instant(r, "last_failure_at"), Times.instant(r, "created_at"), Times.instant(r, "updated_at"));
    }

    /** The previous secret still signs until its overlap ends. */
    public boolean previousSecretActive(Instant now) {
        return previousSecretEnc != null && previousSecretUntil != null && previousSecretUntil.isAfter(now);
    }
}
