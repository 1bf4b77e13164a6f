package dev.canopy.connector.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * Sync runs: a queue shared by every replica (claimed with {@code for update skip locked}), the run records the API
 * shows, and the leases that make sure one connection has at most one run executing anywhere.
 */
@ApplicationScoped
public class RunStore {
    private static final String COLUMNS = "id, tenant_id, connection_id, mode, trigger, status, cancel_requested, "
            + "requested_at, started_at, completed_at, metrics::text as metrics, errors::text as errors";
    private final Db db;

    public RunStore(Db db) {
        this.db = db;
    }

    /** Queues a run unless the connection already has one queued or running; returns the active run either way. */
    public SyncRun enqueue(String tenantId, UUID connectionId, String mode, String trigger) {
        db.update("insert into sync_run (id, tenant_id, connection_id, mode, trigger, status, requested_at) "
                + "select $1, $2, $3, $4, $5, 'queued', now() where exists "
                + "(select 1 from connection where id=$3 and tenant_id=$2) on conflict do nothing",
                Db.args(UUID.randomUUID(), tenantId, connectionId, mode, trigger));
        return db.query("select " + COLUMNS + " from sync_run where tenant_id=$1 and connection_id=$2 and status in "
                + "('queued','running')", Db.args(tenantId, connectionId), RunStore::map).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("run for " + connectionId + " finished before it was read"));
    }

    /**
     * Claims the oldest queued run whose tenant has fewer than {@code maxPerTenant} runs executing anywhere and
     * whose connection lease is free (cross-tenant, for the sync workers). Takes the lease in the same transaction.
     */
    public Optional<SyncRun> claim(String owner, int maxPerTenant, Duration leaseTtl) {
        return db.inTransaction(tx -> {
            List<SyncRun> picked = tx.query("select " + COLUMNS + " from sync_run r where status='queued' and "
                    + "(select count(*) from sync_run x where x.tenant_id=r.tenant_id and x.status='running') < $1 "
                    + "order by requested_at limit 1 for update skip locked", Db.args(maxPerTenant), RunStore::map);
            if (picked.isEmpty()) {
                return Optional.<SyncRun>empty();
            }
            SyncRun run = picked.get(0);
            // replicas claim at the same time: the per-tenant bound above was counted before either committed; under
            // the tenant's lock (held to commit) count again, so the bound holds across replicas (a second statement:
            // its snapshot is taken after the lock was granted)
            tx.query("select 1 as locked from (select pg_advisory_xact_lock(hashtext('sync-tenant/' || $1::text))) l",
                    Db.args(run.tenantId()), r -> r.getInteger("locked"));
            List<Long> running = tx.query("select count(*) as n from sync_run where tenant_id=$1 and status='running'",
                    Db.args(run.tenantId()), r -> r.getLong("n"));
            if (running.get(0) >= maxPerTenant) {
                return Optional.<SyncRun>empty();
            }
            int leased = tx.update("update sync_lease set owner=$1, run_id=$2, "
                    + "expires_at=now() + ($3::text || ' milliseconds')::interval where connection_id=$4 and (owner is null or expires_at < now())",
                    Db.args(owner, run.id(), String.valueOf(leaseTtl.toMillis()), run.connectionId()));
            if (leased == 0) {
                return Optional.<SyncRun>empty();
            }
            tx.update("update sync_run set status='running', owner=$2, started_at=now() where id=$1",
                    Db.args(run.id(), owner));
            return Optional.of(run);
        });
    }

    /** Renews the lease and records progress; answers whether the run was asked to stop (or lost its lease). */
    public boolean heartbeat(UUID runId, UUID connectionId, String owner, Duration leaseTtl, String metricsJson) {
        int leased = db.update("update sync_lease set expires_at=now() + ($3::text || ' milliseconds')::interval "
                + "where connection_id=$1 and owner=$2 and run_id=$4",
                Db.args(connectionId, owner, String.valueOf(leaseTtl.toMillis()), runId));
        List<Boolean> cancel = db.query("update sync_run set metrics=($2::text)::jsonb where id=$1 returning cancel_requested",
                Db.args(runId, metricsJson), r -> r.getBoolean("cancel_requested"));
        return leased == 0 || cancel.isEmpty() || cancel.get(0);
    }

    public void finish(UUID runId, UUID connectionId, String owner, String status, String metricsJson, String errorsJson) {
        db.inTransaction(tx -> {
            tx.update("update sync_run set status=$2, completed_at=now(), metrics=($3::text)::jsonb, errors=($4::text)::jsonb "
                    + "where id=$1", Db.args(runId, status, metricsJson, errorsJson));
            tx.update("update sync_lease set owner=null, run_id=null, expires_at=null where connection_id=$1 "
                    + "and owner=$2", Db.args(connectionId, owner));
            return null;
        });
    }

    /**
     * Ends a poll run that found nothing: its record is dropped (a connection polls every minute; a row per idle poll
     * would bury the runs that did something) and the lease released. The connection records the poll's time instead.
     */
    public void discard(UUID runId, UUID connectionId, String owner) {
        db.inTransaction(tx -> {
            tx.update("delete from sync_run where id=$1", Db.args(runId));
            tx.update("update sync_lease set owner=null, run_id=null, expires_at=null where connection_id=$1 "
                    + "and owner=$2", Db.args(connectionId, owner));
            return null;
        });
    }

    /**
     * Runs whose replica died: still 'running' but their lease expired (cross-tenant, housekeeping). They are marked
     * failed; their checkpoints only cover acknowledged events, so the next run resumes without a gap.
     */
    public List<SyncRun> failAbandoned() {
        return db.query("update sync_run r set status='failed', completed_at=now(), errors = errors || "
                + "'[\"interrupted: the replica running it stopped renewing its lease\"]'::jsonb "
                + "where status='running' and not exists (select 1 from sync_lease l where l.connection_id=r.connection_id "
                + "and l.run_id=r.id and l.expires_at >= now()) returning " + COLUMNS.replace("metrics::text", "r.metrics::text")
                        .replace("errors::text", "r.errors::text"), List.of(), RunStore::map);
    }

    public Optional<SyncRun> find(String tenantId, UUID runId) {
        return db.query("select " + COLUMNS + " from sync_run where tenant_id=$1 and id=$2", Db.args(tenantId, runId),
                RunStore::map).stream().findFirst();
    }

    public List<SyncRun> list(String tenantId, UUID connectionId, int limit) {
        return db.query("select " + COLUMNS + " from sync_run where tenant_id=$1 and connection_id=$2 "
                + "order by requested_at desc limit $3", Db.args(tenantId, connectionId, limit), RunStore::map);
    }

    /** Queued runs are cancelled at once; running ones stop at their next page. */
    public Optional<SyncRun> requestCancel(String tenantId, UUID runId) {
        db.update("update sync_run set status=case when status='queued' then 'cancelled' else status end, "
                + "completed_at=case when status='queued' then now() else completed_at end, cancel_requested=true "
                + "where tenant_id=$1 and id=$2 and status in ('queued','running')", Db.args(tenantId, runId));
        return find(tenantId, runId);
    }

    private static SyncRun map(Db.Row r) throws SQLException {
        return new SyncRun(r.getUUID("id"), r.getString("tenant_id"), r.getUUID("connection_id"), r.getString("mode"),
                r.getString("trigger"), r.getString("status"), r.getBoolean("cancel_requested"),
                r.getInstant("requested_at"), r.getInstant("started_at"),
                r.getInstant("completed_at"),
                r.getString("metrics"), r.getString("errors"));
    }
}
