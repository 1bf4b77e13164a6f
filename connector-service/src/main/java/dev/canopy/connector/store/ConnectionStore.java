package dev.canopy.connector.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.events.data.SyncModes;

/** Connections and their sites; every tenant-facing method is scoped by the tenant id it is given first. */
@ApplicationScoped
public class ConnectionStore {
    private static final String COLUMNS = "id, tenant_id, name, org_id, admin_base_url, org_api_key_enc, status, "
            + "last_error, full_interval_minutes, incremental_interval_minutes, verification::text as verification, "
            + "verified_at, created_at, updated_at, verification_requested_at, "
            + "coalesce(verification_lease_until >= now(), false) as verification_running, poll_interval_seconds, "
            + "last_polled_at, history_max_versions";
    /** The next poll: the interval, doubled per throttled or failed poll in a row, at most 15 min (or the interval). */
    private static final String NEXT_POLL = "now() + make_interval(secs => least(greatest(poll_interval_seconds, 900), "
            + "poll_interval_seconds * power(2, poll_backoff)))";
    private final Db db;

    public ConnectionStore(Db db) {
        this.db = db;
    }

    public void create(String tenantId, Connection c) {
        requireTenant(tenantId, c);
        db.inTransaction(tx -> {
            tx.update("insert into connection (id, tenant_id, name, org_id, admin_base_url, org_api_key_enc, "
                    + "status, last_error, full_interval_minutes, incremental_interval_minutes, next_full_at, "
                    + "next_incremental_at, created_at, updated_at, verification_seq, verification_requested_at, "
                    + "poll_interval_seconds, next_poll_at, history_max_versions) "
                    + "values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
                    + "now() + make_interval(mins => $9), now() + make_interval(mins => $10), $11, $11, 1, now(), $12::int, "
                    + "now() + make_interval(secs => $12::int), $13::int)",
                    Db.args(c.id(), tenantId, c.name(), c.orgId(), c.adminBaseUrl(),
                            c.orgApiKeyEncrypted(), c.status(), c.lastError(),
                            c.fullIntervalMinutes(), c.incrementalIntervalMinutes(), c.createdAt(),
                            c.pollIntervalSeconds(), c.historyMaxVersions()));
            tx.update("insert into sync_lease (connection_id) values ($1)", Db.args(c.id()));
            insertSites(tx, tenantId, c);
            return null;
        });
    }

    /** Updates the connection and queues its verification, superseding one queued or running; answers its sequence. */
    public long update(String tenantId, Connection c) {
        requireTenant(tenantId, c);
        return db.inTransaction(tx -> {
            List<Long> seq = tx.query("update connection set name=$3, org_id=$4, admin_base_url=$5, "
                    + "org_api_key_enc=$6, full_interval_minutes=$7, incremental_interval_minutes=$8, updated_at=now(), "
                    + "next_full_at = least(next_full_at, now() + make_interval(mins => $7)), "
                    + "next_incremental_at = least(next_incremental_at, now() + make_interval(mins => $8)), "
                    + "poll_interval_seconds=$9::int, poll_backoff=0, history_max_versions=$10::int, "
                    + "next_poll_at = least(next_poll_at, now() + make_interval(secs => $9::int)), "
                    + REQUEST + " where tenant_id=$1 and id=$2 returning verification_seq",
                    Db.args(tenantId, c.id(), c.name(), c.orgId(), c.adminBaseUrl(),
                            c.orgApiKeyEncrypted(), c.fullIntervalMinutes(), c.incrementalIntervalMinutes(),
                            c.pollIntervalSeconds(), c.historyMaxVersions()),
                    r -> r.getLong("verification_seq"));
            tx.update("delete from connection_site where tenant_id=$1 and connection_id=$2",
                    Db.args(tenantId, c.id()));
            insertSites(tx, tenantId, c);
            return seq.isEmpty() ? 0L : seq.get(0);
        });
    }

    /**
     * A new verification request: a newer sequence (an in-flight result of an older one is then discarded), the
     * claim released; it keeps its place in the queue when it was waiting unclaimed, else queues now.
     */
    private static final String REQUEST = "verification_seq = verification_seq + 1, verification_requested_at = "
            + "case when verification_requested_at is not null and verification_lease_until is null "
            + "then verification_requested_at else now() end, verification_owner = null, verification_lease_until = null";

    /** Queues a verification of the tenant's connection; answers its sequence (empty when there is no such connection). */
    public Optional<Long> requestVerification(String tenantId, UUID id) {
        return db.query("update connection set " + REQUEST + " where tenant_id=$1 and id=$2 returning verification_seq",
                Db.args(tenantId, id), r -> r.getLong("verification_seq")).stream().findFirst();
    }

    /** A verification claimed by a worker: which connection, and the request sequence it answers. */
    public record VerificationClaim(UUID connectionId, String tenantId, long seq) {
    }

    /**
     * Claims the oldest queued verification whose tenant has fewer than {@code maxPerTenant} executing anywhere
     * (cross-tenant, for the verifier workers), with a lease; a request whose lease expired (its replica died) is
     * claimed again.
     */
    public Optional<VerificationClaim> claimVerification(String owner, int maxPerTenant, Duration lease) {
        return db.inTransaction(tx -> {
            List<VerificationClaim> picked = tx.query("select id, tenant_id, verification_seq from connection c "
                    + "where verification_requested_at is not null and (verification_lease_until is null "
                    + "or verification_lease_until < now()) and (select count(*) from connection x where "
                    + "x.tenant_id=c.tenant_id and x.verification_lease_until >= now()) < $1 "
                    + "order by verification_requested_at limit 1 for update skip locked", Db.args(maxPerTenant),
                    r -> new VerificationClaim(r.getUUID("id"), r.getString("tenant_id"), r.getLong("verification_seq")));
            if (picked.isEmpty()) {
                return Optional.<VerificationClaim>empty();
            }
            VerificationClaim claim = picked.get(0);
            tx.update("update connection set verification_owner=$2, verification_lease_until=now() + "
                    + "($3::text || ' milliseconds')::interval where id=$1",
                    Db.args(claim.connectionId(), owner, String.valueOf(lease.toMillis())));
            return Optional.of(claim);
        });
    }

    /** Whether the claim still answers the newest request and is still held by {@code owner}. */
    public boolean verificationCurrent(VerificationClaim claim, String owner) {
        return !db.query("select 1 from connection where id=$1 and verification_seq=$2 and verification_owner=$3",
                Db.args(claim.connectionId(), claim.seq(), owner), r -> 1).isEmpty();
    }

    /**
     * Stores a verification result only if it answers the newest request and the claim is still held (an older
     * in-flight result never overwrites a newer one); the connection's status follows the result, except while a sync
     * runs (the run sets it when it ends). Answers whether it was stored.
     */
    public boolean completeVerification(VerificationClaim claim, String owner, String status, String lastError,
            String verificationJson) {
        return db.update("update connection set status = case when status = 'syncing' then status else $4 end, "
                + "last_error=$5, verification=($6::text)::jsonb, verified_at=now(), updated_at=now(), "
                + "verification_requested_at=null, verification_owner=null, verification_lease_until=null "
                + "where id=$1 and verification_seq=$2 and verification_owner=$3",
                Db.args(claim.connectionId(), claim.seq(), owner, status, lastError, verificationJson)) > 0;
    }

    /** Gives a claim back unfinished (shutdown): another worker or replica picks the request up at once. */
    public void releaseVerification(VerificationClaim claim, String owner) {
        db.update("update connection set verification_owner=null, verification_lease_until=null "
                + "where id=$1 and verification_seq=$2 and verification_owner=$3",
                Db.args(claim.connectionId(), claim.seq(), owner));
    }

    private static void insertSites(Db.Tx tx, String tenantId, Connection c) throws SQLException {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < c.sites().size(); i++) {
            Connection.Site s = c.sites().get(i);
            rows.add(Db.args(c.id(), tenantId, s.url(), s.siteId(),
                    s.adminEmail(), s.apiTokenEncrypted(), i));
        }
        tx.batch("insert into connection_site (connection_id, tenant_id, site_url, site_id, admin_email, "
                + "api_token_enc, position) values ($1,$2,$3,$4,$5,$6,$7)", rows);
    }

    /** Rewrites the stored ciphertexts of a connection (re-encryption; cross-tenant, by the row's own tenant). */
    public void updateSecrets(Connection c) {
        db.inTransaction(tx -> {
            tx.update("update connection set org_api_key_enc=$3 where tenant_id=$1 and id=$2",
                    Db.args(c.tenantId(), c.id(), c.orgApiKeyEncrypted()));
            for (Connection.Site s : c.sites()) {
                tx.update("update connection_site set api_token_enc=$4 where tenant_id=$1 and connection_id=$2 "
                        + "and site_url=$3", Db.args(c.tenantId(), c.id(), s.url(), s.apiTokenEncrypted()));
            }
            return null;
        });
    }

    /** Every connection id (cross-tenant, for start-up maintenance). */
    public List<UUID> allIds() {
        return db.query("select id from connection order by created_at", List.of(), r -> r.getUUID("id"));
    }

    public Optional<Connection> find(String tenantId, UUID id) {
        List<Connection> found = load("where tenant_id=$1 and id=$2", Db.args(tenantId, id));
        return found.stream().findFirst();
    }

    public List<Connection> list(String tenantId) {
        return load("where tenant_id=$1 order by created_at", Db.args(tenantId));
    }

    public boolean delete(String tenantId, UUID id) {
        return db.update("delete from connection where tenant_id=$1 and id=$2", Db.args(tenantId, id)) > 0;
    }

    public void setStatus(String tenantId, UUID id, String status, String lastError) {
        db.update("update connection set status=$3, last_error=$4, updated_at=now() where tenant_id=$1 and id=$2",
                Db.args(tenantId, id, status, lastError));
    }

    /**
     * Takes a due scheduled run for this replica (cross-tenant, for the scheduler): moves the mode's next time on only
     * if it is still due at {@code now}, so of several replicas that saw it due exactly one queues it. False when
     * another replica took it first.
     */
    public boolean claimDue(UUID id, String mode, Instant now) {
        String column = switch (mode) {
            case SyncModes.FULL -> "next_full_at";
            case SyncModes.INCREMENTAL -> "next_incremental_at";
            default -> "coalesce(next_poll_at, '-infinity')";
        };
        return db.update("update connection set " + nextRun(mode) + " where id=$1 and " + column + " <= $2",
                Db.args(id, now)) == 1;
    }

    /** Schedules the next run of a mode after one was queued (cross-tenant, for the scheduler). */
    public void reschedule(UUID id, String mode) {
        db.update("update connection set " + nextRun(mode) + " where id=$1", Db.args(id));
    }

    private static String nextRun(String mode) {
        return switch (mode) {
            case SyncModes.FULL -> "next_full_at = now() + make_interval(mins => full_interval_minutes)";
            case SyncModes.INCREMENTAL -> "next_incremental_at = now() + make_interval(mins => incremental_interval_minutes)";
            default -> "next_poll_at = " + NEXT_POLL;
        };
    }

    /**
     * Records a poll's outcome (cross-tenant, for the sync engine): a throttled or failed poll doubles the interval
     * until the next one (at most 16×, capped at 15 min), a clean one resets it.
     */
    public void polled(UUID id, boolean backOff) {
        db.update("update connection set last_polled_at=now(), poll_backoff = case when $2 then least(poll_backoff + 1, 4) "
                + "else 0 end where id=$1", Db.args(id, backOff));
    }

    /**
     * Connections with a scheduled run due (cross-tenant, for the scheduler): id → mode. A due full run wins over an
     * incremental one, which wins over a poll (both re-read the change feeds anyway).
     */
    public Map<UUID, String> due(Instant now) {
        Map<UUID, String> due = new LinkedHashMap<>();
        db.query("select id, case when next_full_at <= $1 then 'full' when next_incremental_at <= $1 then 'incremental' "
                + "else 'poll' end as mode from connection where next_full_at <= $1 or next_incremental_at <= $1 "
                + "or (poll_interval_seconds > 0 and coalesce(next_poll_at, '-infinity') <= $1) "
                + "order by least(next_full_at, next_incremental_at, next_poll_at)",
                Db.args(now), r -> due.put(r.getUUID("id"), r.getString("mode")));
        return due;
    }

    /** The connection of a run (cross-tenant, for the sync worker that claimed the run). */
    public Optional<Connection> findForRun(UUID id) {
        return load("where id=$1", Db.args(id)).stream().findFirst();
    }

    private List<Connection> load(String where, List<?> args) {
        List<Connection> rows = db.query("select " + COLUMNS + " from connection " + where, args, ConnectionStore::map);
        List<Connection> out = new ArrayList<>(rows.size());
        for (Connection c : rows) {
            List<Connection.Site> sites = db.query("select site_url, site_id, admin_email, api_token_enc from "
                    + "connection_site where tenant_id=$1 and connection_id=$2 order by position",
                    Db.args(c.tenantId(), c.id()), s -> new Connection.Site(s.getString("site_url"),
                            s.getString("site_id"), s.getString("admin_email"), s.getString("api_token_enc")));
            out.add(c.withCredentials(c.orgApiKeyEncrypted(), sites));
        }
        return out;
    }

    /** A connection row without its sites (they are read by {@link #load} afterwards). */
    private static Connection map(Db.Row r) throws SQLException {
        String lastError = r.getString("last_error");
        return new Connection(r.getUUID("id"), r.getString("tenant_id"), r.getString("name"), r.getString("org_id"),
                r.getString("admin_base_url"), r.getString("org_api_key_enc"), List.of(), r.getString("status"),
                lastError == null || lastError.isEmpty() ? null : lastError, r.getInteger("full_interval_minutes"),
                r.getInteger("incremental_interval_minutes"), r.getString("verification"), r.getInstant("verified_at"),
                r.getInstant("created_at"), r.getInstant("updated_at"), r.getInstant("verification_requested_at"),
                r.getBoolean("verification_running"), r.getInteger("poll_interval_seconds"),
                r.getInstant("last_polled_at"), r.getInteger("history_max_versions"));
    }

    private static void requireTenant(String tenantId, Connection c) {
        if (!tenantId.equals(c.tenantId())) {
            throw new IllegalArgumentException("connection belongs to another tenant");
        }
    }
}
