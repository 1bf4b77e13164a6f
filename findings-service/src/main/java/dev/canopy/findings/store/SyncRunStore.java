package dev.canopy.findings.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Which events of each sync run were applied, and the completed runs still waiting for their evaluation.
 * Tenant id first on every tenant-scoped method.
 */
@ApplicationScoped
public class SyncRunStore {

    /** A completed run: what the connector says it sent, and whether this service evaluated it. */
    public record CompletedRun(String tenantId, String runId, boolean completeSnapshot, Map<String, Long> eventCounts,
            Instant completedAt, Instant receivedAt, String mode) {
    }

    public Uni<Void> recordEvent(SqlClient s, String tenantId, String runId, String eventId, String entityType) {
        return Sql.update(s, """
                insert into sync_run_event (tenant_id, run_id, event_id, entity_type) values ($1, $2, $3, $4)
                on conflict do nothing
                """, tenantId, runId, eventId, entityType).replaceWithVoid();
    }

    /** Returns false when the run was already recorded (a redelivery). */
    public Uni<Boolean> recordCompleted(SqlClient s, String tenantId, SyncRunCompletedData run, Instant receivedAt) {
        return Sql.update(s, """
                insert into sync_run (tenant_id, run_id, connection_id, mode, status, complete_snapshot, event_counts,
                    completed_at, received_at)
                values ($1, $2, $3, $4, $5, $6, cast(cast($7 as text) as jsonb), $8, $9)
                on conflict do nothing
                """, tenantId, run.runId(), run.connectionId(), run.mode(), run.status(), run.completeSnapshot(),
                JsonColumns.toText(run.eventCounts()), UtcTimes.utc(run.completedAt()), UtcTimes.utc(receivedAt)).map(n -> n > 0);
    }

    public Uni<Optional<CompletedRun>> pending(SqlClient s, String tenantId, String runId) {
        return Sql.query(s, """
                select tenant_id, run_id, complete_snapshot, cast(event_counts as text) as event_counts, completed_at,
                    received_at, mode
                from sync_run where tenant_id = $1 and run_id = $2 and evaluated_at is null
                """, List.of(tenantId, runId)).map(rows -> rows.stream().findFirst().map(SyncRunStore::toRun));
    }

    public Uni<Map<String, Long>> appliedCounts(SqlClient s, String tenantId, String runId) {
        return Sql.query(s, """
                select entity_type, count(*) as applied from sync_run_event where tenant_id = $1 and run_id = $2
                group by entity_type
                """, List.of(tenantId, runId)).map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            for (Row r : rows) {
                counts.put(r.getString("entity_type"), r.getLong("applied"));
            }
            return counts;
        });
    }

    public Uni<Void> markEvaluated(SqlClient s, String tenantId, String runId, Instant at, String note) {
        return Sql.update(s, """
                update sync_run set evaluated_at = $3, evaluation_note = $4 where tenant_id = $1 and run_id = $2
                """, tenantId, runId, UtcTimes.utc(at), note).replaceWithVoid();
    }

    /** Housekeeping across tenants: the applied-event ledger of evaluated runs is no longer needed. */
    public Uni<Integer> forgetEventsOfEvaluatedRuns(SqlClient s, Instant evaluatedBefore) {
        return Sql.update(s, """
                delete from sync_run_event e using sync_run r
                where e.tenant_id = r.tenant_id and e.run_id = r.run_id and r.evaluated_at < $1
                """, UtcTimes.utc(evaluatedBefore));
    }

    /** Across tenants, for the scheduler: completed runs still unevaluated after the bounded wait. */
    public Uni<List<CompletedRun>> overdue(SqlClient s, Instant receivedBefore, int limit) {
        return Sql.query(s, """
                select tenant_id, run_id, complete_snapshot, cast(event_counts as text) as event_counts, completed_at,
                    received_at, mode
                from sync_run where evaluated_at is null and received_at < $1 order by received_at limit
                """ + limit, List.of(UtcTimes.utc(receivedBefore))).map(rows -> rows.stream().map(SyncRunStore::toRun).toList());
    }

    private static CompletedRun toRun(Row r) {
        Map<String, Long> counts = new HashMap<>();
        JsonColumns.toMap(r.getValue("event_counts")).forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        return new CompletedRun(r.getString("tenant_id"), r.getString("run_id"),
                r.getBoolean("complete_snapshot"), counts, UtcTimes.instant(r.getValue("completed_at")),
                UtcTimes.instant(r.getValue("received_at")), r.getString("mode"));
    }

    /**
     * Serializes (advisory lock) evaluations of one tenant (consumer and scheduler) until the
     * transaction ends.
     */
    public Uni<Void> lockTenantEvaluation(SqlClient s, String tenantId) {
        return Sql.query(s, "select count(*) as locked from (select pg_advisory_xact_lock(hashtext($1))) l",
                List.of(tenantId))
                .replaceWithVoid();
    }

    /** What the REST API shows about a tenant's recent sync runs and their evaluation. */
    public record RunEvaluation(String runId, String mode, String status, boolean completeSnapshot, Instant completedAt,
            Instant receivedAt, Instant evaluatedAt, String note) {
    }

    public Uni<List<RunEvaluation>> recent(SqlClient s, String tenantId, int limit) {
        return Sql.query(s, """
                select run_id, mode, status, complete_snapshot, completed_at, received_at, evaluated_at, evaluation_note
                from sync_run where tenant_id = $1 order by received_at desc limit
                """ + limit, List.of(tenantId)).map(rows -> rows.stream().map(r -> new RunEvaluation(
                        r.getString("run_id"), r.getString("mode"), r.getString("status"),
                        r.getBoolean("complete_snapshot"), UtcTimes.instant(r.getValue("completed_at")),
                        UtcTimes.instant(r.getValue("received_at")), UtcTimes.instant(r.getValue("evaluated_at")),
                        r.getString("evaluation_note"))).toList());
    }
}
