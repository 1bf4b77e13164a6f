package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries as tenants see them: listing, details with attempts, health counts, and replays. Every method takes
 * the tenant id first and every statement filters on it.
 */
@ApplicationScoped
public class DeliveryStore {

    @Inject
    Pool pool;

    /** Newest first; {@code before} is the cursor (created_at|id of the last row of the previous page). */
    public Uni<List<DeliveryView>> list(String tenantId, UUID subscriptionId, String state, Instant beforeTime,
            UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select " + DeliveryView.COLUMNS + " from webhook_delivery where tenant_id = $1");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (subscriptionId != null) {
            params.add(subscriptionId);
            sql.append(" and subscription_id = $").append(params.size());
        }
        if (state != null) {
            params.add(state);
            sql.append(" and state = $").append(params.size());
        }
        if (beforeTime != null) {
            params.add(UtcTimes.utc(beforeTime));
            params.add(beforeId);
            sql.append(" and (created_at, id) < ($").append(params.size() - 1).append(", $").append(params.size()).append(")");
        }
        sql.append(" order by created_at desc, id desc limit ").append(limit);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<DeliveryView> out = new ArrayList<>();
            rows.forEach(r -> out.add(DeliveryView.of(r)));
            return out;
        });
    }

    public Uni<DeliveryView> find(String tenantId, UUID id) {
        return pool.preparedQuery("select " + DeliveryView.COLUMNS + " from webhook_delivery where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    DeliveryView view = DeliveryView.of(rows.iterator().next());
                    return pool.preparedQuery("""
                            select a.attempt, a.at, a.status, a.latency_ms, a.error from webhook_attempt a
                            join webhook_delivery d on d.id = a.delivery_id
                            where d.tenant_id = $1 and a.delivery_id = $2 order by a.attempt""")
                            .execute(Tuple.of(tenantId, id)).map(attempts -> {
                                List<DeliveryView.AttemptView> list = new ArrayList<>();
                                attempts.forEach(a -> list.add(new DeliveryView.AttemptView(a.getInteger("attempt"),
                                        UtcTimes.instant(a.getValue("at")), a.getInteger("status"), a.getInteger("latency_ms"),
                                        a.getString("error"))));
                                return view.withAttempts(list);
                            });
                });
    }

    /** Sends a finished (dead or delivered) delivery again with the same webhook-id; false when absent or pending. */
    public Uni<Boolean> replay(String tenantId, UUID id, Instant now) {
        return pool.preparedQuery("""
                update webhook_delivery set state = 'pending', retry_base = attempts, next_attempt_at = $3,
                    lease_owner = null, lease_until = null, dead_at = null
                where tenant_id = $1 and id = $2 and state <> 'pending'""")
                .execute(Tuple.of(tenantId, id, UtcTimes.utc(now))).map(r -> r.rowCount() > 0);
    }

    /** Replays every dead delivery that died at or after {@code since} (optionally of one subscription). */
    public Uni<Integer> replayDeadSince(String tenantId, Instant since, UUID subscriptionId, Instant now) {
        return pool.preparedQuery("""
                update webhook_delivery set state = 'pending', retry_base = attempts, next_attempt_at = $3,
                    lease_owner = null, lease_until = null, dead_at = null
                where tenant_id = $1 and state = 'dead' and dead_at >= $2 and ($4::uuid is null or subscription_id = $4)""")
                .execute(Tuple.from(Arrays.asList(tenantId, UtcTimes.utc(since), UtcTimes.utc(now), subscriptionId)))
                .map(r -> r.rowCount());
    }

    public record Counts(long pending, long delivered, long dead, long deliveredLastDay, long failedAttemptsLastDay,
            Double p50LatencyMsLastDay) {
    }

    public Uni<Counts> counts(String tenantId, UUID subscriptionId, Instant now) {
        return pool.preparedQuery("""
                select count(*) filter (where state = 'pending') as pending,
                       count(*) filter (where state = 'delivered') as delivered,
                       count(*) filter (where state = 'dead') as dead,
                       count(*) filter (where state = 'delivered' and delivered_at >= $3) as delivered_day,
                       (select count(*) from webhook_attempt a join webhook_delivery d2 on d2.id = a.delivery_id
                         where d2.tenant_id = $1 and d2.subscription_id = $2 and a.at >= $3
                           and (a.status is null or a.status < 200 or a.status > 299)) as failed_day,
                       percentile_cont(0.5) within group (order by last_latency_ms)
                         filter (where state = 'delivered' and delivered_at >= $3) as p50
                from webhook_delivery where tenant_id = $1 and subscription_id = $2""")
                .execute(Tuple.of(tenantId, subscriptionId, UtcTimes.utc(now.minusSeconds(86_400))))
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new Counts(r.getLong("pending"), r.getLong("delivered"), r.getLong("dead"),
                            r.getLong("delivered_day"), r.getLong("failed_day"), r.getDouble("p50"));
                });
    }
}
