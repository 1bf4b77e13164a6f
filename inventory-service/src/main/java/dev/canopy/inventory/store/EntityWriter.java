package dev.canopy.inventory.store;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Applies a batch of entity observations with one multi-row statement each for upserts and deletions. Every row
 * carries its tenant; the guard {@code observed_at < excluded.observed_at} makes redelivered and older events
 * no-ops, and a history row is written only for a real change. Which entity types keep no history and which
 * fields' values history leaves out is the caller's (the domain's) to say.
 */
@ApplicationScoped
public class EntityWriter {

    private static final String UPSERT = """
            with incoming as (
                select t as tenant_id, y as entity_type, i as entity_id, cast(d as jsonb) as data, cast(o as timestamptz) as observed_at
                from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]),
                            cast($5 as text[])) as x(t, y, i, d, o)
            ), previous as (
                select e.tenant_id, e.entity_type, e.entity_id, e.data, e.deleted_at
                from inventory_entity e join incoming n using (tenant_id, entity_type, entity_id)
            ), written as (
                insert into inventory_entity as e
                    (tenant_id, entity_type, entity_id, data, observed_at, first_seen, last_changed, deleted_at)
                select tenant_id, entity_type, entity_id, data, observed_at, observed_at, observed_at, null
                from incoming
                on conflict (tenant_id, entity_type, entity_id) do update set
                    data = excluded.data, observed_at = excluded.observed_at, deleted_at = null,
                    last_changed = case when e.data is distinct from excluded.data or e.deleted_at is not null
                                        then excluded.observed_at else e.last_changed end
                where e.observed_at < excluded.observed_at
                returning e.tenant_id, e.entity_type, e.entity_id, e.data, e.observed_at
            )
            insert into inventory_history (tenant_id, entity_type, entity_id, change, changed_fields, changes, observed_at)
            select w.tenant_id, w.entity_type, w.entity_id,
                   case when p.entity_id is null then 'created' when p.deleted_at is not null then 'restored'
                        else 'updated' end,
                   diff.fields, diff.changes, w.observed_at
            from written w
            left join previous p using (tenant_id, entity_type, entity_id)
            left join lateral (
                select jsonb_agg(k order by k) as fields,
                       jsonb_object_agg(k, jsonb_build_object('old', p.data -> k, 'new', w.data -> k))
                           filter (where k <> all (cast($6 as text[]))) as changes
                from (select jsonb_object_keys(w.data) as k union select jsonb_object_keys(p.data)) keys
                where p.entity_id is not null and p.data -> k is distinct from w.data -> k
            ) diff on true
            where w.entity_type <> all (cast($7 as text[]))
              and (p.entity_id is null or p.deleted_at is not null or p.data is distinct from w.data)
            """;

    private static final String DELETE = """
            with incoming as (
                select t as tenant_id, y as entity_type, i as entity_id, cast(o as timestamptz) as observed_at, r as reason
                from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]),
                            cast($5 as text[])) as x(t, y, i, o, r)
            ), previous as (
                select e.tenant_id, e.entity_type, e.entity_id, e.deleted_at
                from inventory_entity e join incoming n using (tenant_id, entity_type, entity_id)
            ), written as (
                insert into inventory_entity as e
                    (tenant_id, entity_type, entity_id, data, observed_at, first_seen, last_changed, deleted_at)
                select tenant_id, entity_type, entity_id, '{}', observed_at, observed_at, observed_at, observed_at
                from incoming
                on conflict (tenant_id, entity_type, entity_id) do update set
                    observed_at = excluded.observed_at,
                    deleted_at = coalesce(e.deleted_at, excluded.deleted_at),
                    last_changed = case when e.deleted_at is null then excluded.observed_at else e.last_changed end
                where e.observed_at < excluded.observed_at
                returning e.tenant_id, e.entity_type, e.entity_id, e.observed_at
            )
            insert into inventory_history (tenant_id, entity_type, entity_id, change, changed_fields, changes, observed_at)
            select w.tenant_id, w.entity_type, w.entity_id, 'deleted', null,
                   jsonb_build_object('reason', n.reason), w.observed_at
            from written w
            join incoming n using (tenant_id, entity_type, entity_id)
            join previous p using (tenant_id, entity_type, entity_id)
            where p.deleted_at is null and w.entity_type <> all (cast($6 as text[]))
            """;

    public Uni<Integer> upsert(SqlClient client, List<EntityChange> changes, Collection<String> sensitiveFields,
            Collection<String> withoutHistory) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.update(client, UPSERT, column(changes, c -> c.key().tenantId()),
                column(changes, c -> c.key().entityType()), column(changes, c -> c.key().entityId()),
                column(changes, EntityChange::dataJson), column(changes, c -> c.observedAt().toString()),
                sensitiveFields.toArray(String[]::new), withoutHistory.toArray(String[]::new));
    }

    public Uni<Integer> delete(SqlClient client, List<EntityChange> deletions, Collection<String> withoutHistory) {
        if (deletions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.update(client, DELETE, column(deletions, c -> c.key().tenantId()),
                column(deletions, c -> c.key().entityType()), column(deletions, c -> c.key().entityId()),
                column(deletions, c -> c.observedAt().toString()), column(deletions, EntityChange::deletionReason),
                withoutHistory.toArray(String[]::new));
    }

    private static String[] column(List<EntityChange> changes, java.util.function.Function<EntityChange, String> f) {
        return changes.stream().map(f).toArray(String[]::new);
    }
}
