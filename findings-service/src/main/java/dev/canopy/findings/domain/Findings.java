package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.findings.store.FindingQuery;
import dev.canopy.findings.store.FindingStore;
import io.smallrye.mutiny.Uni;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.HistoryEntry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The finding aggregate as the REST API uses it: reads in a session, suppress/unsuppress in one transaction each
 * (through {@link FindingLifecycle}, so the state change, its history entry and its outbox row commit together).
 * Tenant id first on every call.
 */
@ApplicationScoped
public class Findings {
    /** What counts show when no status is asked for. */
    public static final List<FindingStatus> ACTIVE = List.of(FindingStatus.OPEN, FindingStatus.REOPENED);

    private final Pool db;
    private final FindingStore findings;
    private final FindingLifecycle lifecycle;

    public Findings(Pool db, FindingStore findings, FindingLifecycle lifecycle) {
        this.db = db;
        this.findings = findings;
        this.lifecycle = lifecycle;
    }

    /** One finding with its full history. */
    public record Detail(FindingRow finding, List<HistoryEntry> history) {
    }

    /** One page of a listing (up to {@code query.limit()} rows). */
    public Uni<List<FindingRow>> list(String tenantId, FindingQuery query) {
        return db.withConnection(s -> findings.list(s, tenantId, query));
    }

    /** Counts by severity, by rule and by kind of findings in {@code statuses} ({@link #ACTIVE} when empty). */
    public Uni<Map<String, Map<String, Long>>> counts(String tenantId, List<FindingStatus> statuses) {
        List<FindingStatus> effective = statuses.isEmpty() ? ACTIVE : statuses;
        return db.withConnection(s -> findings.counts(s, tenantId, effective));
    }

    /** Findings first seen per UTC day (kind, severity) over the last {@code days} days, today included. */
    public Uni<List<FindingStore.TrendBucket>> trend(String tenantId, int days, Instant now) {
        return db.withConnection(s -> findings.trend(s, tenantId, trendStart(days, now)));
    }

    /** Start (UTC midnight) of a trend of {@code days} days ending today. */
    public static Instant trendStart(int days, Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofDays(days - 1L));
    }

    /** The finding with its history, or empty when the tenant has no such finding. */
    public Uni<Optional<Detail>> detail(String tenantId, UUID id) {
        return db.withConnection(s -> findings.find(s, tenantId, id).chain(f -> f.isEmpty()
                ? Uni.createFrom().item(Optional.<Detail>empty())
                : findings.history(s, tenantId, id).map(h -> Optional.of(new Detail(f.get(), h)))));
    }

    /** Suppresses an open finding (until {@code until}, or for good when null); fails 404/409/400 as the lifecycle says. */
    public Uni<Detail> suppress(String tenantId, UUID id, String reason, Instant until, String actor) {
        return db.withTransaction(s -> lifecycle.suppress(s, tenantId, id, reason, until, actor, Instant.now())
                .chain(f -> withHistory(s, tenantId, f)));
    }

    /** Ends a suppression; fails 404/409 as the lifecycle says. */
    public Uni<Detail> unsuppress(String tenantId, UUID id, String actor, String reason) {
        return db.withTransaction(s -> lifecycle.unsuppress(s, tenantId, id, actor, reason, Instant.now())
                .chain(f -> withHistory(s, tenantId, f)));
    }

    /** Resolves a finding by hand; fails 404/409 as the lifecycle says. */
    public Uni<Detail> resolve(String tenantId, UUID id, String actor, String reason) {
        return db.withTransaction(s -> lifecycle.resolve(s, tenantId, id, actor, reason, Instant.now())
                .chain(f -> withHistory(s, tenantId, f)));
    }

    private Uni<Detail> withHistory(SqlClient s, String tenantId, FindingRow f) {
        return findings.history(s, tenantId, f.id()).map(h -> new Detail(f, h));
    }
}
