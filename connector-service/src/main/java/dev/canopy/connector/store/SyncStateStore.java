package dev.canopy.connector.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * What a connection's syncs remember between runs: checkpoints per resource and the hash of every emitted entity.
 * Both are written together, and only after Kafka acknowledged the events they describe.
 */
@ApplicationScoped
public class SyncStateStore {
    private final Db db;

    public SyncStateStore(Db db) {
        this.db = db;
    }

    public record EntityState(String hash, String detail) {
    }

    /** One entity's new state, for {@link #commit}. */
    public record Seen(String entityType, String entityId, String hash, String detail) {
    }

    public Optional<String> checkpoint(UUID connectionId, String resource) {
        return db.query("select value from sync_checkpoint where connection_id=$1 and resource=$2",
                Db.args(connectionId, resource), r -> r.getString("value")).stream().findFirst();
    }

    /** Every known entity of one type with its last hash. */
    public Map<String, EntityState> hashes(UUID connectionId, String entityType) {
        Map<String, EntityState> out = new HashMap<>();
        db.query("select entity_id, hash, detail from entity_hash where connection_id=$1 and entity_type=$2",
                Db.args(connectionId, entityType),
                r -> out.put(r.getString("entity_id"), new EntityState(r.getString("hash"), r.getString("detail"))));
        return out;
    }

    /** The known hashes of some entities of one type (a poll looks up a page of ids, not the whole type). */
    public Map<String, EntityState> hashesOf(UUID connectionId, String entityType, List<String> entityIds) {
        Map<String, EntityState> out = new HashMap<>();
        if (entityIds.isEmpty()) {
            return out;
        }
        db.query("select entity_id, hash, detail from entity_hash where connection_id=$1 and entity_type=$2 "
                + "and entity_id = any($3)", Db.args(connectionId, entityType, entityIds.toArray(String[]::new)),
                r -> out.put(r.getString("entity_id"), new EntityState(r.getString("hash"), r.getString("detail"))));
        return out;
    }

    /** Moves checkpoints alone (no entity changed with them). */
    public void checkpoints(UUID connectionId, UUID runId, Map<String, String> checkpoints) {
        commit(connectionId, runId, List.of(), List.of(), checkpoints);
    }

    /**
     * Records entities as seen by {@code runId} (changed or not), removes deleted ones and moves checkpoints, in one
     * transaction. Call after the page's events were acknowledged.
     */
    public void commit(UUID connectionId, UUID runId, List<Seen> seen, List<Seen> deleted, Map<String, String> checkpoints) {
        db.inTransaction(tx -> {
            List<List<?>> upserts = new ArrayList<>(seen.size());
            for (Seen s : seen) {
                upserts.add(Db.args(connectionId, s.entityType(), s.entityId(), s.hash(), s.detail(), runId));
            }
            tx.batch("insert into entity_hash (connection_id, entity_type, entity_id, hash, detail, seen_run) "
                    + "values ($1,$2,$3,$4,$5,$6) on conflict (connection_id, entity_type, entity_id) do update set "
                    + "hash=excluded.hash, detail=excluded.detail, seen_run=excluded.seen_run", upserts);
            List<List<?>> deletes = new ArrayList<>(deleted.size());
            for (Seen d : deleted) {
                deletes.add(Db.args(connectionId, d.entityType(), d.entityId()));
            }
            tx.batch("delete from entity_hash where connection_id=$1 and entity_type=$2 and entity_id=$3", deletes);
            List<List<?>> cps = new ArrayList<>();
            checkpoints.forEach((resource, value) -> cps.add(Db.args(connectionId, resource, value)));
            tx.batch("insert into sync_checkpoint (connection_id, resource, value, updated_at) values ($1,$2,$3,now()) "
                    + "on conflict (connection_id, resource) do update set value=excluded.value, updated_at=now()", cps);
            return null;
        });
    }

    /** Entities of a type that a complete listing in {@code runId} did not see: they are gone at the source. */
    public List<Seen> unseen(UUID connectionId, String entityType, UUID runId) {
        return db.query("select entity_id, hash, detail from entity_hash where connection_id=$1 and entity_type=$2 "
                + "and seen_run <> $3", Db.args(connectionId, entityType, runId),
                r -> new Seen(entityType, r.getString("entity_id"), r.getString("hash"), r.getString("detail")));
    }
}
