package dev.canopy.findings.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.support.sql.NativeQueries;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;

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

    public Uni<Void> recordEvent(Mutiny.Session s, String tenantId, String runId, String eventId, String entityType) {
        return NativeQueries.execute(s, """
                insert into sync_run_event (tenant_id, run_id, event_id, entity_type) values (?1, ?2, ?3, ?4)
                on conflict do nothing
                """, tenantId, runId, eventId, entityType).replaceWithVoid();
    }

    /** Returns false when the run was already recorded (a redelivery). */
    public Uni<Boolean> recordCompleted(Mutiny.Session s, String tenantId, SyncRunCompletedData run, Instant receivedAt) {
        return NativeQueries.execute(s, """
                insert into sync_run (tenant_id, run_id, connection_id, mode, status, complete_snapshot, event_counts,
                    completed_at, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(cast(?7 as text) as jsonb), ?8, ?9)
                on conflict do nothing
                """, tenantId, run.runId(), run.connectionId(), run.mode(), run.status(), run.completeSnapshot(),
                JsonColumns.toText(run.eventCounts()), UtcTimes.utc(run.completedAt()), UtcTimes.utc(receivedAt)).map(n -> n > 0);
    }

    public Uni<Optional<CompletedRun>> pending(Mutiny.Session s, String tenantId, String runId) {
        return NativeQueries.tuples(s, """
                select tenant_id, run_id, complete_snapshot, cast(event_counts as text) as event_counts, completed_at,
                    received_at, mode
                from sync_run where tenant_id = ?1 and run_id = ?2 and evaluated_at is null
                """, List.of(tenantId, runId)).map(rows -> rows.stream().findFirst().map(SyncRunStore::toRun));
    }

    public Uni<Map<String, Long>> appliedCounts(Mutiny.Session s, String tenantId, String runId) {
        return NativeQueries.tuples(s, """
                select entity_type, count(*) as applied from sync_run_event where tenant_id = ?1 and run_id = ?2
                group by entity_type
                """, List.of(tenantId, runId)).map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            for (Tuple r : rows) {
                counts.put(r.get("entity_type", String.class), NativeQueries.longValue(r.get("applied")));
            }
            return counts;
        });
    }

    public Uni<Void> markEvaluated(Mutiny.Session s, String tenantId, String runId, Instant at, String note) {
        return NativeQueries.execute(s, """
                update sync_run set evaluated_at = ?3, evaluation_note = ?4 where tenant_id = ?1 and run_id = ?2
                """, tenantId, runId, UtcTimes.utc(at), note).replaceWithVoid();
    }

    /** Housekeeping across tenants: the applied-event ledger of evaluated runs is no longer needed. */
    public Uni<Integer> forgetEventsOfEvaluatedRuns(Mutiny.Session s, Instant evaluatedBefore) {
        return NativeQueries.execute(s, """
                delete from sync_run_event e using sync_run r
                where e.tenant_id = r.tenant_id and e.run_id = r.run_id and r.evaluated_at < ?1
                """, UtcTimes.utc(evaluatedBefore));
    }

    /** Across tenants, for the scheduler: completed runs still unevaluated after the bounded wait. */
    public Uni<List<CompletedRun>> overdue(Mutiny.Session s, Instant receivedBefore, int limit) {
        return NativeQueries.tuples(s, """
                select tenant_id, run_id, complete_snapshot, cast(event_counts as text) as event_counts, completed_at,
                    received_at, mode
                from sync_run where evaluated_at is null and received_at < ?1 order by received_at limit
                """ + limit, List.of(UtcTimes.utc(receivedBefore))).map(rows -> rows.stream().map(SyncRunStore::toRun).toList());
    }

    private static CompletedRun toRun(Tuple r) {
        Map<String, Long> counts = new HashMap<>();
        JsonColumns.toMap(r.get("event_counts")).forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        return new CompletedRun(r.get("tenant_id", String.class), r.get("run_id", String.class),
                r.get("complete_snapshot", Boolean.class), counts, UtcTimes.instant(r.get("completed_at")),
                UtcTimes.instant(r.get("received_at")), r.get("mode", String.class));
    }

    /**
     * Native SQL on purpose (advisory lock): serializes evaluations of one tenant (consumer and scheduler) until the
     * transaction ends.
     */
    public Uni<Void> lockTenantEvaluation(Mutiny.Session s, String tenantId) {
        return NativeQueries.tuples(s, "select count(*) as locked from (select pg_advisory_xact_lock(hashtext(?1))) l",
                List.of(tenantId))
                .replaceWithVoid();
    }

    /** What the REST API shows about a tenant's recent sync runs and their evaluation. */
    public record RunEvaluation(String runId, String mode, String status, boolean completeSnapshot, Instant completedAt,
            Instant receivedAt, Instant evaluatedAt, String note) {
    }

    public Uni<List<RunEvaluation>> recent(Mutiny.Session s, String tenantId, int limit) {
        return NativeQueries.tuples(s, """
                select run_id, mode, status, complete_snapshot, completed_at, received_at, evaluated_at, evaluation_note
                from sync_run where tenant_id = ?1 order by received_at desc limit
                """ + limit, List.of(tenantId)).map(rows -> rows.stream().map(r -> new RunEvaluation(
                        r.get("run_id", String.class), r.get("mode", String.class), r.get("status", String.class),
                        r.get("complete_snapshot", Boolean.class), UtcTimes.instant(r.get("completed_at")),
                        UtcTimes.instant(r.get("received_at")), UtcTimes.instant(r.get("evaluated_at")),
                        r.get("evaluation_note", String.class))).toList());
    }
}
