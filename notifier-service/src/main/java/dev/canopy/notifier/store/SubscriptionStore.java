package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Webhook subscriptions. Every method takes the tenant id first and every statement filters on it: this class
 * is the only way to the table.
 */
@ApplicationScoped
public class SubscriptionStore {

    @Inject
    Pool pool;

    public record NewSubscription(UUID id, String url, String description, SubscriptionFilter filter, boolean enabled,
            String secretEnc) {
    }

    public Uni<Subscription> create(String tenantId, NewSubscription s, Instant now) {
        return pool.preparedQuery("""
                insert into webhook_subscription (id, tenant_id, url, description, kinds, min_severity_id, rule_ids, states,
                    enabled, secret_enc, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning\s""" + Subscription.COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(s.id(), tenantId, s.url(), s.description(),
                        SubscriptionFilter.join(s.filter().kinds()), s.filter().minSeverityId(),
                        SubscriptionFilter.join(s.filter().ruleIds()), SubscriptionFilter.join(s.filter().states()),
                        s.enabled(), s.secretEnc(), UtcTimes.utc(now))))
                .map(rows -> Subscription.of(rows.iterator().next()));
    }

    public Uni<List<Subscription>> list(String tenantId) {
        return pool.preparedQuery("select " + Subscription.COLUMNS
                + " from webhook_subscription where tenant_id = $1 order by created_at, id")
                .execute(Tuple.of(tenantId)).map(SubscriptionStore::all);
    }

    public Uni<Subscription> find(String tenantId, UUID id) {
        return pool.preparedQuery("select " + Subscription.COLUMNS + " from webhook_subscription where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id)).map(SubscriptionStore::first);
    }

    /** Enabled subscriptions of the given tenants, read inside the consumer's transaction. */
    public Uni<List<Subscription>> enabledFor(SqlClient client, List<String> tenantIds) {
        return client.preparedQuery("select " + Subscription.COLUMNS
                + " from webhook_subscription where tenant_id = any($1) and enabled")
                .execute(Tuple.of(tenantIds.toArray(String[]::new))).map(SubscriptionStore::all);
    }

    /** Replaces the editable fields; re-enabling clears the failure history. Null when absent. */
    public Uni<Subscription> update(String tenantId, UUID id, String url, String description, SubscriptionFilter filter,
            boolean enabled, Instant now) {
        return pool.preparedQuery("""
                update webhook_subscription set url = $3, description = $4, kinds = $5, min_severity_id = $6,
                    rule_ids = $7, states = $8, updated_at = $10,
                    disabled_reason = case when $9 then null else coalesce(disabled_reason, 'disabled by the tenant') end,
                    disabled_at = case when $9 then null else coalesce(disabled_at, $10) end,
                    failing_since = case when $9 and not enabled then null else failing_since end,
                    consecutive_failures = case when $9 and not enabled then 0 else consecutive_failures end,
                    enabled = $9
                where tenant_id = $1 and id = $2 returning\s""" + Subscription.COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(tenantId, id, url, description, SubscriptionFilter.join(filter.kinds()),
                        filter.minSeverityId(), SubscriptionFilter.join(filter.ruleIds()),
                        SubscriptionFilter.join(filter.states()), enabled, UtcTimes.utc(now))))
                .map(SubscriptionStore::first);
    }

    public Uni<Boolean> delete(String tenantId, UUID id) {
        return pool.preparedQuery("delete from webhook_subscription where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() > 0);
    }

    /** The current secret becomes the previous one (still signing until {@code previousUntil}). */
    public Uni<Subscription> rotateSecret(String tenantId, UUID id, String newSecretEnc, Instant previousUntil, Instant now) {
        return pool.preparedQuery("""
                update webhook_subscription set previous_secret_enc = secret_enc, previous_secret_until = $4,
                    secret_enc = $3, updated_at = $5
                where tenant_id = $1 and id = $2 returning\s""" + Subscription.COLUMNS)
                .execute(Tuple.of(tenantId, id, newSecretEnc, UtcTimes.utc(previousUntil), UtcTimes.utc(now)))
                .map(SubscriptionStore::first);
    }

    public Uni<Void> recordSuccess(String tenantId, UUID id, Instant now) {
        return pool.preparedQuery("""
                update webhook_subscription set consecutive_failures = 0, failing_since = null, last_success_at = $3
                where tenant_id = $1 and id = $2""")
                .execute(Tuple.of(tenantId, id, UtcTimes.utc(now))).replaceWithVoid();
    }

    /** Counts a failure and returns since when the endpoint has been failing (null when the row is gone). */
    public Uni<Instant> recordFailure(String tenantId, UUID id, Instant now) {
        return pool.preparedQuery("""
                update webhook_subscription set consecutive_failures = consecutive_failures + 1,
                    failing_since = coalesce(failing_since, $3), last_failure_at = $3
                where tenant_id = $1 and id = $2 returning failing_since""")
                .execute(Tuple.of(tenantId, id, UtcTimes.utc(now)))
                .map(rows -> rows.rowCount() == 0 ? null : UtcTimes.instant(rows.iterator().next().getValue("failing_since")));
    }

    /** Disables an enabled subscription; true when this call disabled it (so the tenant is told once). */
    public Uni<Boolean> disable(String tenantId, UUID id, String reason, Instant now) {
        return pool.preparedQuery("""
                update webhook_subscription set enabled = false, disabled_reason = $3, disabled_at = $4, updated_at = $4
                where tenant_id = $1 and id = $2 and enabled""")
                .execute(Tuple.of(tenantId, id, reason, UtcTimes.utc(now))).map(r -> r.rowCount() > 0);
    }

    private static List<Subscription> all(RowSet<Row> rows) {
        List<Subscription> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(Subscription.of(r)));
        return out;
    }

    private static Subscription first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Subscription.of(it.next()) : null;
    }
}
