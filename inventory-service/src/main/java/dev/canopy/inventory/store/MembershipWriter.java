package dev.canopy.inventory.store;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Applies member snapshots part by part: members are added as parts arrive, stamped with the snapshot id; the last
 * part removes the relations no part of that snapshot reported. A snapshot observed before the current one is
 * ignored, and so is a redelivered part of a snapshot that is already complete.
 */
@ApplicationScoped
public class MembershipWriter {

    /** Makes the part's snapshot the current one unless a newer snapshot already is. */
    private static final String SWITCH_SNAPSHOT = """
            insert into inventory_member_snapshot as s (tenant_id, kind, container_id, snapshot_id, observed_at, completed)
            values ($1, $2, $3, $4, $5, false)
            on conflict (tenant_id, kind, container_id) do update set
                snapshot_id = excluded.snapshot_id, observed_at = excluded.observed_at, completed = false
            where s.snapshot_id <> excluded.snapshot_id and s.observed_at <= excluded.observed_at
            """;

    private static final String APPLY_PART = """
            with current_snapshot as (
                select 1 from inventory_member_snapshot
                where tenant_id = $1 and kind = $2 and container_id = $3 and snapshot_id = $4 and not completed
            ), added as (
                insert into inventory_membership (tenant_id, kind, container_id, account_id, snapshot_id)
                select distinct cast($1 as text), cast($2 as text), cast($3 as text), m, cast($4 as text)
                from unnest(cast($5 as text[])) m
                where exists (select 1 from current_snapshot)
                on conflict (tenant_id, kind, container_id, account_id) do update set snapshot_id = excluded.snapshot_id
                returning account_id, (xmax = 0) as inserted
            ), removed as (
                delete from inventory_membership d
                where $6 and exists (select 1 from current_snapshot)
                  and d.tenant_id = $1 and d.kind = $2 and d.container_id = $3
                  and d.snapshot_id <> $4 and d.account_id <> all (cast($5 as text[]))
                returning account_id
            ), completed as (  -- runs although nothing selects from it (data-modifying CTE)
                update inventory_member_snapshot set completed = true
                where $6 and tenant_id = $1 and kind = $2 and container_id = $3 and snapshot_id = $4 and not completed
                returning 1
            )
            insert into inventory_history (tenant_id, entity_type, entity_id, change, changed_fields, changes, observed_at)
            select $1, $2, $3, 'members-changed', '["members"]',
                   jsonb_build_object('added', a.ids, 'addedCount', a.n, 'removed', r.ids, 'removedCount', r.n), $7
            from (select coalesce(jsonb_agg(account_id order by account_id) filter (where inserted), '[]') as ids,
                         count(*) filter (where inserted) as n from added) a,
                 (select coalesce(jsonb_agg(account_id order by account_id), '[]') as ids, count(*) as n from removed) r
            where a.n > 0 or r.n > 0
            """;

    public Uni<Void> apply(SqlClient client, MemberPart part) {
        var observed = UtcTimes.utc(part.observedAt());
        String[] members = part.memberAccountIds().toArray(String[]::new);
        return Sql.update(client, SWITCH_SNAPSHOT, part.tenantId(), part.kind(), part.containerId(), part.snapshotId(),
                observed)
                .chain(() -> Sql.update(client, APPLY_PART, part.tenantId(), part.kind(), part.containerId(),
                        part.snapshotId(), members, part.lastPart(), observed))
                .replaceWithVoid();
    }
}
