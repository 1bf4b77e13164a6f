package dev.canopy.inventory.store;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.SyncRunStartedData;
import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Records sync runs (started, completed) and how many of each run's events arrived. Idempotent. */
@ApplicationScoped
public class SyncRunWriter {

    private static final String STARTED = """
            insert into inventory_sync_run as r (tenant_id, run_id, connection_id, mode, status, started_at, resources)
            values ($1, $2, $3, $4, 'running', $5, cast(cast($6 as text) as jsonb))
            on conflict (tenant_id, run_id) do update set
                started_at = coalesce(r.started_at, excluded.started_at), resources = excluded.resources
            """;

    private static final String COMPLETED = """
            insert into inventory_sync_run as r (tenant_id, run_id, connection_id, mode, status, started_at,
                completed_at, entity_counts, event_counts, errors)
            values ($1, $2, $3, $4, $5, $6, $7, cast(cast($8 as text) as jsonb), cast(cast($9 as text) as jsonb), cast(cast($10 as text) as jsonb))
            on conflict (tenant_id, run_id) do update set
                status = excluded.status, completed_at = excluded.completed_at,
                started_at = coalesce(r.started_at, excluded.started_at), entity_counts = excluded.entity_counts,
                event_counts = excluded.event_counts, errors = excluded.errors
            """;

    private static final String RECEIVED = """
            insert into inventory_sync_run_received as r (tenant_id, run_id, event_type, received)
            select * from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]), cast($4 as bigint[]))
            on conflict (tenant_id, run_id, event_type) do update set received = r.received + excluded.received
            """;

    public Uni<Integer> record(SqlClient client, CanopyEvent<?> event) {
        if (event.data() instanceof SyncRunStartedData s) {
            return Sql.update(client, STARTED, event.tenantId(), s.runId(), s.connectionId(), s.mode(),
                    UtcTimes.utc(s.startedAt() == null ? event.time() : s.startedAt()), json(s.resources()));
        }
        SyncRunCompletedData c = (SyncRunCompletedData) event.data();
        return Sql.update(client, COMPLETED, event.tenantId(), c.runId(), c.connectionId(), c.mode(),
                c.status(), UtcTimes.utc(c.startedAt()),
                UtcTimes.utc(c.completedAt() == null ? event.time() : c.completedAt()),
                json(c.entityCounts()), json(c.eventCounts()), json(c.errors()));
    }

    public Uni<Integer> countReceived(SqlClient client, Collection<RunEventCount> counts) {
        if (counts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.update(client, RECEIVED,
                counts.stream().map(RunEventCount::tenantId).toArray(String[]::new),
                counts.stream().map(RunEventCount::runId).toArray(String[]::new),
                counts.stream().map(RunEventCount::eventType).toArray(String[]::new),
                counts.stream().map(RunEventCount::received).toArray(Long[]::new));
    }

    private static String json(Object value) {
        return new String(EventCodec.toJson(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}
