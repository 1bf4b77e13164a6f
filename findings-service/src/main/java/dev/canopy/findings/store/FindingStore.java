package dev.canopy.findings.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.HistoryEntry;
import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Findings, their history and the outbox. Every tenant-scoped method takes the tenant id first and filters on it;
 * the few cross-tenant methods serve schedulers and say so.
 */
@ApplicationScoped
public class FindingStore {
    private static final String COLUMNS = """
            id, tenant_id, fingerprint, kind, rule_id, title, severity, status, resource_type, resource_id,
            resource_name, description, remediation, cast(evidence as text) as evidence, src_url, suppress_reason, suppressed_by,
            suppressed_until, first_seen, last_seen, status_changed_at, change_seq""";

    /** Findings of one kind, optionally of one resource, keyed by fingerprint. */
    public Uni<Map<String, FindingRow>> inScope(SqlClient s, String tenantId, FindingKind kind, String resourceId) {
        List<Object> params = new ArrayList<>(List.of(tenantId, kind.label()));
        String sql = "select " + COLUMNS + " from finding where tenant_id = $1 and kind = $2";
        if (resourceId != null) {
            params.add(resourceId);
            sql += " and resource_id = $3";
        }
        return Sql.query(s, sql, params).map(rows -> {
            Map<String, FindingRow> byFingerprint = new LinkedHashMap<>();
            for (Row r : rows) {
                FindingRow f = toRow(r);
                byFingerprint.put(f.fingerprint(), f);
            }
            return byFingerprint;
        });
    }

    /**
     * Serializes (advisory lock) reconciliations of one scope (tenant, kind, resource; the
     * whole kind when {@code resourceId} is null) across replicas until the transaction ends.
     */
    public Uni<Void> lockScope(SqlClient s, String tenantId, FindingKind kind, String resourceId) {
        return Sql.query(s, "select count(*) as locked from (select pg_advisory_xact_lock(hashtextextended($1, 0))) l",
                List.of(scopeLockKey(tenantId, kind, resourceId))).replaceWithVoid();
    }

    /** A scope (tenant, resource) of one kind, for the bulk methods. */
    public record Scope(String tenantId, String resourceId) {
    }

    /**
     * {@link #lockScope} for many resources of one kind in one statement, taken in key order so that two
     * transactions locking overlapping sets cannot deadlock.
     */
    public Uni<Void> lockScopes(SqlClient s, FindingKind kind, List<Scope> scopes) {
        String[] keys = scopes.stream().map(x -> scopeLockKey(x.tenantId(), kind, x.resourceId())).distinct().sorted()
                .toArray(String[]::new);
        return Sql.query(s, """
                select count(*) as locked from (select pg_advisory_xact_lock(hashtextextended(k.key, 0))
                from (select key from unnest(cast($1 as text[])) as u(key) order by key) k) l
                """, List.of((Object) keys)).replaceWithVoid();
    }

    private static String scopeLockKey(String tenantId, FindingKind kind, String resourceId) {
        return "finding-scope/" + tenantId + "/" + kind.label() + "/" + (resourceId == null ? "*" : resourceId);
    }

    /**
     * The findings of a kind in many scopes ($1 kind, $2 tenants, $3 resources): one index look-up
     * (finding_tenant_resource) per scope, whatever the table's statistics say. As a plain join, PostgreSQL planned
     * from statistics taken before a burst of DLP findings (a tenant's first sync fills the table faster than
     * autovacuum analyses it; the statistics then say almost no row is of kind 'dlp') a scan of every tenant's findings
     * of the kind compared with each scope: 14 ms instead of under 1 for 64 scopes in the content benchmark, while
     * the table is small enough (thousands of rows) that the scan looks cheap. "offset 0" keeps the lateral subquery
     * from being flattened back into that join. {@code FindingScopesQueryPlanTest} checks the plan in that state.
     */
    static final String IN_SCOPES = "select " + COLUMNS + """
             from unnest(cast($2 as text[]), cast($3 as text[])) as u(tenant, resource)
            cross join lateral (select * from finding where tenant_id = u.tenant and kind = $1
                and resource_id = u.resource offset 0) f
            """;

    /** {@link #inScope} for many resources of one kind in one statement: findings by scope, then by fingerprint. */
    public Uni<Map<Scope, Map<String, FindingRow>>> inScopes(SqlClient s, FindingKind kind, List<Scope> scopes) {
        return Sql.query(s, IN_SCOPES, List.of(kind.label(), column(scopes, Scope::tenantId, String[]::new),
                column(scopes, Scope::resourceId, String[]::new))).map(rows -> {
                    Map<Scope, Map<String, FindingRow>> out = new LinkedHashMap<>();
                    scopes.forEach(x -> out.put(x, new LinkedHashMap<>()));
                    for (Row r : rows) {
                        FindingRow f = toRow(r);
                        out.computeIfAbsent(new Scope(f.tenantId(), f.resourceId()), x -> new LinkedHashMap<>())
                                .put(f.fingerprint(), f);
                    }
                    return out;
                });
    }

    public Uni<Optional<FindingRow>> find(SqlClient s, String tenantId, UUID id) {
        return Sql.query(s, "select " + COLUMNS + " from finding where tenant_id = $1 and id = $2",
                List.of(tenantId, id))
                .map(rows -> rows.stream().findFirst().map(FindingStore::toRow));
    }

    public Uni<Void> insert(SqlClient s, FindingRow f) {
        return Sql.update(s, """
                insert into finding (id, tenant_id, fingerprint, kind, rule_id, title, severity, severity_rank, status,
                    resource_type, resource_id, resource_name, description, remediation, evidence, src_url,
                    suppress_reason, suppressed_by, suppressed_until, first_seen, last_seen, status_changed_at, change_seq)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, cast(cast($15 as text) as jsonb),
                    $16, $17, $18, $19, $20, $21, $22, $23)
                """, f.id(), f.tenantId(), f.fingerprint(), f.kind().label(), f.ruleId(), f.title(),
                f.severity().label(), f.severity().ocsfId(), f.status().label(), f.resourceType(), f.resourceId(),
                f.resourceName(), f.description(), f.remediation(), JsonColumns.toText(f.evidence()), f.srcUrl(),
                f.suppressReason(), f.suppressedBy(), UtcTimes.utc(f.suppressedUntil()), UtcTimes.utc(f.firstSeen()),
                UtcTimes.utc(f.lastSeen()), UtcTimes.utc(f.statusChangedAt()), f.changeSeq()).replaceWithVoid();
    }

    /**
     * Inserts many new findings in one statement, arrays unnested
     * server-side — one round trip per page of new findings instead of one per finding.
     */
    public Uni<Void> insertAll(SqlClient s, List<FindingRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.update(s, """
                insert into finding (id, tenant_id, fingerprint, kind, rule_id, title, severity, severity_rank, status,
                    resource_type, resource_id, resource_name, description, remediation, evidence, src_url,
                    first_seen, last_seen, status_changed_at, change_seq)
                select u.id, u.tenant_id, u.fingerprint, u.kind, u.rule_id, u.title, u.severity, u.severity_rank,
                    u.status, u.resource_type, u.resource_id, u.resource_name, u.description, u.remediation,
                    cast(u.evidence as jsonb), u.src_url, u.first_seen, u.last_seen, u.status_changed_at, u.change_seq
                from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]),
                    cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as int[]), cast($9 as text[]),
                    cast($10 as text[]), cast($11 as text[]), cast($12 as text[]), cast($13 as text[]),
                    cast($14 as text[]), cast($15 as text[]), cast($16 as text[]), cast(cast($17 as text[]) as timestamptz[]),
                    cast(cast($18 as text[]) as timestamptz[]), cast(cast($19 as text[]) as timestamptz[]), cast($20 as int[]))
                    as u(id, tenant_id, fingerprint, kind, rule_id, title, severity, severity_rank, status,
                    resource_type, resource_id, resource_name, description, remediation, evidence, src_url,
                    first_seen, last_seen, status_changed_at, change_seq)
                """, column(rows, FindingRow::id, UUID[]::new), column(rows, FindingRow::tenantId, String[]::new),
                column(rows, FindingRow::fingerprint, String[]::new), column(rows, f -> f.kind().label(), String[]::new),
                column(rows, FindingRow::ruleId, String[]::new), column(rows, FindingRow::title, String[]::new),
                column(rows, f -> f.severity().label(), String[]::new),
                column(rows, f -> f.severity().ocsfId(), Integer[]::new),
                column(rows, f -> f.status().label(), String[]::new),
                column(rows, FindingRow::resourceType, String[]::new), column(rows, FindingRow::resourceId, String[]::new),
                column(rows, FindingRow::resourceName, String[]::new), column(rows, FindingRow::description, String[]::new),
                column(rows, FindingRow::remediation, String[]::new), column(rows, f -> JsonColumns.toText(f.evidence()), String[]::new),
                column(rows, FindingRow::srcUrl, String[]::new),
                column(rows, f -> UtcTimes.iso(f.firstSeen()), String[]::new),
                column(rows, f -> UtcTimes.iso(f.lastSeen()), String[]::new),
                column(rows, f -> UtcTimes.iso(f.statusChangedAt()), String[]::new),
                column(rows, FindingRow::changeSeq, Integer[]::new)).replaceWithVoid();
    }

    static <R, T> T[] column(List<R> rows, java.util.function.Function<R, T> value, java.util.function.IntFunction<T[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    /** Writes every mutable column of the finding. */
    public Uni<Void> save(SqlClient s, FindingRow f) {
        return Sql.update(s, """
                update finding set title = $3, severity = $4, severity_rank = $5, status = $6, resource_name = $7,
                    description = $8, remediation = $9, evidence = cast(cast($10 as text) as jsonb), src_url = $11,
                    suppress_reason = $12, suppressed_by = $13, suppressed_until = $14, last_seen = $15,
                    status_changed_at = $16, change_seq = $17
                where tenant_id = $1 and id = $2
                """, f.tenantId(), f.id(), f.title(), f.severity().label(), f.severity().ocsfId(), f.status().label(),
                f.resourceName(), f.description(), f.remediation(), JsonColumns.toText(f.evidence()), f.srcUrl(),
                f.suppressReason(), f.suppressedBy(), UtcTimes.utc(f.suppressedUntil()), UtcTimes.utc(f.lastSeen()),
                UtcTimes.utc(f.statusChangedAt()), f.changeSeq()).replaceWithVoid();
    }

    /** Moves last_seen of many unchanged findings at once. */
    public Uni<Void> touch(SqlClient s, String tenantId, List<UUID> ids, Instant lastSeen) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.update(s, "update finding set last_seen = $3 where tenant_id = $1 and id = any($2)",
                tenantId, ids.toArray(UUID[]::new), UtcTimes.utc(lastSeen)).replaceWithVoid();
    }

    /** Bulk {@code unnest} insert: one statement per batch of history entries. */
    public Uni<Void> addHistory(SqlClient s, List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.update(s, """
                insert into finding_history (finding_id, seq, at, from_status, to_status, actor, reason)
                select * from unnest(cast($1 as uuid[]), cast($2 as int[]), cast(cast($3 as text[]) as timestamptz[]),
                    cast($4 as text[]), cast($5 as text[]), cast($6 as text[]), cast($7 as text[]))
                """, column(entries, HistoryEntry::findingId, UUID[]::new), column(entries, HistoryEntry::seq, Integer[]::new),
                column(entries, h -> UtcTimes.iso(h.at()), String[]::new),
                column(entries, h -> h.from() == null ? null : h.from().label(), String[]::new),
                column(entries, h -> h.to().label(), String[]::new), column(entries, HistoryEntry::actor, String[]::new),
                column(entries, HistoryEntry::reason, String[]::new)).replaceWithVoid();
    }

    public Uni<List<HistoryEntry>> history(SqlClient s, String tenantId, UUID findingId) {
        return Sql.query(s, """
                select h.finding_id, h.seq, h.at, h.from_status, h.to_status, h.actor, h.reason
                from finding_history h join finding f on f.id = h.finding_id
                where f.tenant_id = $1 and h.finding_id = $2 order by h.seq
                """, List.of(tenantId, findingId)).map(rows -> rows.stream().map(r -> {
                    String from = r.getString("from_status");
                    return new HistoryEntry(r.getUUID("finding_id"), r.getInteger("seq"),
                            UtcTimes.instant(r.getValue("at")), from == null ? null : FindingStatus.parse(from),
                            FindingStatus.parse(r.getString("to_status")), r.getString("actor"),
                            r.getString("reason"));
                }).toList());
    }

    public Uni<List<FindingRow>> list(SqlClient s, String tenantId, FindingQuery q) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from finding where tenant_id = $1");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (q.severities() != null && !q.severities().isEmpty()) {
            params.add(q.severities().stream().map(FindingSeverity::label).toArray(String[]::new));
            sql.append(" and severity = any($").append(params.size()).append(')');
        }
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            params.add(q.statuses().stream().map(FindingStatus::label).toArray(String[]::new));
            sql.append(" and status = any($").append(params.size()).append(')');
        }
        if (q.kind() != null) {
            params.add(q.kind().label());
            sql.append(" and kind = $").append(params.size());
        }
        if (q.ruleId() != null) {
            params.add(q.ruleId());
            sql.append(" and rule_id = $").append(params.size());
        }
        if (q.resourceId() != null) {
            params.add(q.resourceId());
            sql.append(" and resource_id = $").append(params.size());
        }
        if (q.product() != null) {
            // Jira content types are named jira_*; every other DLP resource is Confluence content
            sql.append(" and kind = 'dlp' and resource_type ").append("jira".equals(q.product()) ? "" : "not ")
                    .append("like 'jira\\_%'");
        }
        if (q.projectKey() != null) {
            params.add(q.projectKey());
            sql.append(" and evidence ->> 'projectKey' = $").append(params.size());
        }
        if (q.spaceId() != null) {
            params.add(q.spaceId());
            sql.append(" and evidence ->> 'spaceId' = $").append(params.size());
        }
        if (q.historical() != null) {
            sql.append(" and coalesce(cast(evidence ->> 'historical' as boolean), false) = ").append(q.historical());
        }
        if (q.seenFrom() != null) {
            params.add(UtcTimes.utc(q.seenFrom()));
            sql.append(" and last_seen >= $").append(params.size());
        }
        if (q.seenTo() != null) {
            params.add(UtcTimes.utc(q.seenTo()));
            sql.append(" and last_seen < $").append(params.size());
        }
        FindingQuery.Sort sort = q.sort();
        if (q.after() != null) {
            params.add(sort.isTime() ? UtcTimes.utc(FindingQuery.fromMicros(q.after().value())) : (int) q.after().value());
            params.add(q.after().id());
            sql.append(" and (").append(sort.column).append(", id) ").append(sort.descending ? "<" : ">")
                    .append(" ($").append(params.size() - 1).append(", $").append(params.size()).append(')');
        }
        String dir = sort.descending ? " desc" : " asc";
        sql.append(" order by ").append(sort.column).append(dir).append(", id").append(dir)
                .append(" limit ").append(q.limit());
        return Sql.query(s, sql.toString(), params).map(rows -> rows.stream().map(FindingStore::toRow).toList());
    }

    /** Counts of findings in the given states, by severity and by rule. */
    public Uni<Map<String, Map<String, Long>>> counts(SqlClient s, String tenantId, List<FindingStatus> statuses) {
        String[] states = statuses.stream().map(FindingStatus::label).toArray(String[]::new);
        return Sql.query(s, """
                select 'severity' as dimension, severity as value, count(*) as findings from finding
                where tenant_id = $1 and status = any($2) group by severity
                union all
                select 'rule', rule_id, count(*) from finding where tenant_id = $1 and status = any($2) group by rule_id
                union all
                select 'kind', kind, count(*) from finding where tenant_id = $1 and status = any($2) group by kind
                """, List.of(tenantId, states)).map(rows -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            out.put("bySeverity", new LinkedHashMap<>());
            out.put("byRule", new LinkedHashMap<>());
            out.put("byKind", new LinkedHashMap<>());
            for (Row r : rows) {
                String key = switch (r.getString("dimension")) {
                    case "severity" -> "bySeverity";
                    case "kind" -> "byKind";
                    default -> "byRule";
                };
                out.get(key).put(r.getString("value"), r.getLong("findings"));
            }
            return out;
        });
    }

    /** Findings first seen per UTC day, kind and severity since {@code since}: at most days × 3 × 5 rows. */
    public record TrendBucket(String day, String kind, String severity, long count) {
    }

    public Uni<List<TrendBucket>> trend(SqlClient s, String tenantId, Instant since) {
        return Sql.query(s, """
                select to_char(date_trunc('day', first_seen at time zone 'UTC'), 'YYYY-MM-DD') as day, kind, severity,
                count(*) as findings from finding where tenant_id = $1 and first_seen >= $2
                group by 1, 2, 3 order by 1, 2, 3
                """, List.of(tenantId, UtcTimes.utc(since))).map(rows -> rows.stream()
                .map(r -> new TrendBucket(r.getString("day"), r.getString("kind"),
                        r.getString("severity"), r.getLong("findings")))
                .toList());
    }

    /** Across tenants, for the scheduler: suppressions whose expiry has passed. */
    public Uni<List<FindingRow>> expiredSuppressions(SqlClient s, Instant now, int limit) {
        return Sql.query(s, "select " + COLUMNS + """
                 from finding where status = 'suppressed' and suppressed_until is not null and suppressed_until <= $1
                order by suppressed_until limit """ + " " + limit, List.of(UtcTimes.utc(now)))
                .map(rows -> rows.stream().map(FindingStore::toRow).toList());
    }

    private static FindingRow toRow(Row r) {
        return new FindingRow(r.getUUID("id"), r.getString("tenant_id"),
                r.getString("fingerprint"), FindingKind.parse(r.getString("kind")),
                r.getString("rule_id"), r.getString("title"),
                FindingSeverity.parse(r.getString("severity")), FindingStatus.parse(r.getString("status")),
                r.getString("resource_type"), r.getString("resource_id"),
                r.getString("resource_name"), r.getString("description"),
                r.getString("remediation"), JsonColumns.toMap(r.getValue("evidence")), r.getString("src_url"),
                r.getString("suppress_reason"), r.getString("suppressed_by"),
                UtcTimes.instant(r.getValue("suppressed_until")), UtcTimes.instant(r.getValue("first_seen")),
                UtcTimes.instant(r.getValue("last_seen")), UtcTimes.instant(r.getValue("status_changed_at")),
                r.getInteger("change_seq"));
    }
}
