package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable job queue behind deliveries: inserting jobs, leasing due ones ({@code for update skip locked}, so
 * several replicas share the work), and recording attempt outcomes. Jobs are addressed by delivery id and carry
 * their tenant; the tenant-facing reads and replays live in {@link DeliveryStore}.
 */
@ApplicationScoped
public class DeliveryQueue {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    @Inject
    Pool pool;

    public record NewDelivery(UUID id, String tenantId, UUID subscriptionId, String eventId, String eventType,
            String findingId, String payload) {
    }

    /**
     * Inserts jobs already leased by {@code owner} (the fast path sends them at once); a job that exists for the
     * same subscription and event is skipped, so a re-consumed record creates nothing twice. Returns inserted ids.
     */
    public Uni<List<UUID>> insertLeased(SqlClient client, List<NewDelivery> jobs, String owner, Instant now, Instant leaseUntil) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = jobs.size();
        UUID[] ids = new UUID[n];
        String[] tenants = new String[n];
        UUID[] subs = new UUID[n];
        String[] events = new String[n];
        String[] types = new String[n];
        String[] findings = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            NewDelivery j = jobs.get(i);
            ids[i] = j.id();
            tenants[i] = j.tenantId();
            subs[i] = j.subscriptionId();
            events[i] = j.eventId();
            types[i] = j.eventType();
            findings[i] = j.findingId();
            payloads[i] = j.payload();
        }
        return client.preparedQuery("""
                insert into webhook_delivery (id, tenant_id, subscription_id, event_id, event_type, finding_id, payload,
                    state, attempts, next_attempt_at, lease_owner, lease_until, created_at)
                select t.id, t.tenant, t.sub, t.ev, t.et, t.fid, t.payload, 'pending', 0, $8, $9, $10, $8
                from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])
                    as t(id, tenant, sub, ev, et, fid, payload)
                on conflict (subscription_id, event_id) do nothing
                returning id""")
                .execute(Tuple.from(new Object[] { ids, tenants, subs, events, types, findings, payloads,
                        UtcTimes.utc(now), owner, UtcTimes.utc(leaseUntil) }))
                .map(rows -> {
                    List<UUID> inserted = new ArrayList<>();
                    rows.forEach(r -> inserted.add(r.getUUID("id")));
                    return inserted;
                });
    }

    /** Leases up to {@code limit} due jobs for {@code owner}. */
    public Uni<List<DeliveryJob>> claimDue(String owner, int limit, Instant now, Instant leaseUntil) {
        return pool.preparedQuery("""
                update webhook_delivery d set lease_owner = $1, lease_until = $2
                from webhook_subscription s
                where d.id in (select id from webhook_delivery
                               where state = 'pending' and next_attempt_at <= $3 and (lease_until is null or lease_until < $3)
                               order by next_attempt_at limit $4 for update skip locked)
                  and s.id = d.subscription_id
                returning\s""" + DeliveryJob.COLUMNS)
                .execute(Tuple.of(owner, UtcTimes.utc(leaseUntil), UtcTimes.utc(now), limit))
                .map(rows -> {
                    List<DeliveryJob> jobs = new ArrayList<>();
                    rows.forEach(r -> jobs.add(DeliveryJob.of(r)));
                    return jobs;
                });
    }

    /** Reads leased jobs by id (the fast path after the consumer's commit). */
    public Uni<List<DeliveryJob>> leased(String owner, List<UUID> ids) {
        return pool.preparedQuery("select " + DeliveryJob.COLUMNS
                + " from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id"
                + " where d.id = any($1) and d.lease_owner = $2 and d.state = 'pending'")
                .execute(Tuple.of(ids.toArray(UUID[]::new), owner))
                .map(rows -> {
                    List<DeliveryJob> jobs = new ArrayList<>();
                    rows.forEach(r -> jobs.add(DeliveryJob.of(r)));
                    return jobs;
                });
    }

    public record Attempt(int number, Instant at, Integer status, int latencyMs, String error) {
    }

    /**
     * Stores one attempt and the job's new state: {@code nextAttemptAt} set means pending again, otherwise
     * {@code state} is final. Only the lease holder's write counts; returns false when the lease was lost.
     */
    public Uni<Boolean> recordAttempt(DeliveryJob job, String owner, Attempt a, String state, Instant nextAttemptAt) {
        return pool.preparedQuery("""
                with attempt as (
                    insert into webhook_attempt (delivery_id, attempt, at, status, latency_ms, error)
                    values ($1, $2, $3, $4, $5, $6) on conflict do nothing)
                update webhook_delivery set attempts = $2, state = $7, next_attempt_at = coalesce($8, next_attempt_at),
                    lease_owner = null, lease_until = null, last_status = $4, last_error = $6, last_latency_ms = $5,
                    delivered_at = case when $7 = 'delivered' then $3 else delivered_at end,
                    dead_at = case when $7 = 'dead' then $3 else null end
                where id = $1 and lease_owner = $9""")
                .execute(Tuple.from(java.util.Arrays.asList(job.id(), a.number(), UtcTimes.utc(a.at()), a.status(),
                        a.latencyMs(), a.error(), state, UtcTimes.utc(nextAttemptAt), owner)))
                .map(r -> r.rowCount() > 0);
    }

    /** Ends a job without an attempt (its subscription is disabled or gone). */
    public Uni<Boolean> kill(DeliveryJob job, String owner, String reason, Instant now) {
        return pool.preparedQuery("""
                update webhook_delivery set state = 'dead', dead_at = $3, last_error = $4, lease_owner = null, lease_until = null
                where id = $1 and lease_owner = $2""")
                .execute(Tuple.of(job.id(), owner, UtcTimes.utc(now), reason)).map(r -> r.rowCount() > 0);
    }

    /** Gives a job back without an attempt, due again at {@code at} (circuit open, queue full, shutting down). */
    public Uni<Void> release(List<UUID> ids, String owner, Instant at) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                update webhook_delivery set lease_owner = null, lease_until = null, next_attempt_at = greatest(next_attempt_at, $3)
                where id = any($1) and lease_owner = $2""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), owner, UtcTimes.utc(at))).replaceWithVoid();
    }
}
