package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.UUID;

import dev.canopy.support.time.UtcTimes;
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
                r.getBoolean("enabled"), r.getString("disabled_reason"), UtcTimes.instant(r.getValue("disabled_at")),
                r.getString("secret_enc"), r.getString("previous_secret_enc"), UtcTimes.instant(r.getValue("previous_secret_until")),
                r.getInteger("consecutive_failures"), UtcTimes.instant(r.getValue("failing_since")), UtcTimes.instant(r.getValue("last_success_at")),
                UtcTimes.instant(r.getValue("last_failure_at")), UtcTimes.instant(r.getValue("created_at")), UtcTimes.instant(r.getValue("updated_at")));
    }

    /** The previous secret still signs until its overlap ends. */
    public boolean previousSecretActive(Instant now) {
        return previousSecretEnc != null && previousSecretUntil != null && previousSecretUntil.isAfter(now);
    }
}
