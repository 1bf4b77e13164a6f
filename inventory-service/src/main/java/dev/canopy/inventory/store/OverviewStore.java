package dev.canopy.inventory.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Tenant-wide figures: entities per type, member relations, the last sync run per connection. */
@ApplicationScoped
public class OverviewStore {

    public record TypeCount(long live, long deleted) {
    }

    public record Overview(Map<String, TypeCount> entities, Map<String, Long> memberships, List<String> lastSyncs) {
    }

    private static final String COUNTS = """
            select e.entity_type, count(*) filter (where e.deleted_at is null) as live,
                count(*) filter (where e.deleted_at is not null) as deleted
            from inventory_entity e where e.tenant_id = $1 group by e.entity_type order by e.entity_type
            """;

    private static final String MEMBERSHIPS = """
            select m.kind, count(*) as memberships from inventory_membership m where m.tenant_id = $1 group by m.kind order by m.kind
            """;

    /** The newest run of each connection, with received event counts and whether they reach the run's own counts. */
    private static final String LAST_SYNCS = """
            select distinct on (r.connection_id) cast(jsonb_build_object(
                'connectionId', r.connection_id, 'runId', r.run_id, 'mode', r.mode, 'status', r.status,
                'startedAt', inventory_iso(r.started_at), 'completedAt', inventory_iso(r.completed_at),
                'entityCounts', r.entity_counts, 'eventCounts', r.event_counts, 'errors', r.errors,
                'eventsReceived', (select coalesce(jsonb_object_agg(x.event_type, x.received), '{}')
                                   from inventory_sync_run_received x
                                   where x.tenant_id = r.tenant_id and x.run_id = r.run_id),
                'allEventsReceived', r.event_counts is not null and not exists (
                    select 1 from jsonb_each_text(r.event_counts) expected
                    where expected.key in (%s)
                      and coalesce((select x.received from inventory_sync_run_received x
                                    where x.tenant_id = r.tenant_id and x.run_id = r.run_id
                                      and x.event_type = expected.key), 0) < cast(expected.value as bigint))
            ) as text) as sync
            from inventory_sync_run r where r.tenant_id = $1
            order by r.connection_id, r.started_at desc nulls last, r.run_id desc
            """.formatted(inventoryTopicTypes());

    /** Runs also count content events, which travel on another topic this service does not read. */
    private static String inventoryTopicTypes() {
        return java.util.Arrays.stream(dev.canopy.contracts.events.EventType.values())
                .filter(t -> t.topic().equals(dev.canopy.contracts.topics.Topics.INVENTORY))
                .map(t -> "'" + t.entity() + "'").collect(java.util.stream.Collectors.joining(", "));
    }

    public Uni<Overview> overview(SqlClient client, String tenantId) {
        List<String> tenant = List.of(tenantId);
        return Sql.query(client, COUNTS, tenant)
                .chain(counts -> Sql.query(client, MEMBERSHIPS, tenant)
                        .chain(members -> Sql.query(client, LAST_SYNCS, tenant, r -> r.getString("sync"))
                                .map(syncs -> new Overview(typeCounts(counts), memberCounts(members), syncs))));
    }

    private static Map<String, TypeCount> typeCounts(List<Row> rows) {
        Map<String, TypeCount> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.getString("entity_type"), new TypeCount(r.getLong("live"), r.getLong("deleted"))));
        return m;
    }

    private static Map<String, Long> memberCounts(List<Row> rows) {
        Map<String, Long> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.getString("kind"), r.getLong("memberships")));
        return m;
    }
}
