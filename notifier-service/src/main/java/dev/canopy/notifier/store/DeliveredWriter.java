package dev.canopy.notifier.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.support.time.UtcTimes;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Successful attempts are the hot path, so they are written in small batches (one statement per batch, at most
 * {@link #FLUSH_MILLIS} ms late) instead of one round trip each. Should the process die before a flush, the job is
 * still pending with its lease and is sent again after the lease: at-least-once, same webhook-id.
 */
@ApplicationScoped
public class DeliveredWriter {
    private static final Logger LOG = Logger.getLogger(DeliveredWriter.class);
    static final long FLUSH_MILLIS = 10;
    private static final int MAX_BATCH = 500;

    private record Done(UUID id, String owner, int attempt, Instant at, int status, int latencyMs) {
    }

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private List<Done> buffer = new ArrayList<>();
    private boolean flushScheduled;

    public void delivered(DeliveryJob job, String owner, int attempt, Instant at, int status, int latencyMs) {
        boolean flushNow;
        synchronized (this) {
            buffer.add(new Done(job.id(), owner, attempt, at, status, latencyMs));
            flushNow = buffer.size() >= MAX_BATCH;
            if (!flushNow && !flushScheduled) {
                flushScheduled = true;
                vertx.setTimer(FLUSH_MILLIS, t -> flush());
            }
        }
        if (flushNow) {
            flush();
        }
    }

    private void flush() {
        List<Done> batch;
        synchronized (this) {
            flushScheduled = false;
            if (buffer.isEmpty()) {
                return;
            }
            batch = buffer;
            buffer = new ArrayList<>();
        }
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] owners = new String[n];
        Integer[] attempts = new Integer[n];
        java.time.OffsetDateTime[] ats = new java.time.OffsetDateTime[n];
        Integer[] statuses = new Integer[n];
        Integer[] latencies = new Integer[n];
        for (int i = 0; i < n; i++) {
            Done d = batch.get(i);
            ids[i] = d.id();
            owners[i] = d.owner();
            attempts[i] = d.attempt();
            ats[i] = UtcTimes.utc(d.at());
            statuses[i] = d.status();
            latencies[i] = d.latencyMs();
        }
        pool.preparedQuery("""
                with done as (
                    select * from unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[])
                        as t(id, owner, attempt, at, status, latency)),
                attempt as (
                    insert into webhook_attempt (delivery_id, attempt, at, status, latency_ms)
                    select id, attempt, at, status, latency from done on conflict do nothing)
                update webhook_delivery d set attempts = done.attempt, state = 'delivered', lease_owner = null,
                    lease_until = null, last_status = done.status, last_error = null, last_latency_ms = done.latency,
                    delivered_at = done.at, dead_at = null
                from done where d.id = done.id and d.lease_owner = done.owner""")
                .execute(Tuple.from(new Object[] { ids, owners, attempts, ats, statuses, latencies }))
                .subscribe().with(r -> { }, e -> LOG.errorf(e, "%d delivered attempts not recorded; they will be sent again after their lease", n));
    }
}
