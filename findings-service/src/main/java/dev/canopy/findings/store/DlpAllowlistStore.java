package dev.canopy.findings.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A tenant's "not a secret" list: evidence hashes (keyed HMACs, never raw values) the next scans drop, with who added
 * each, when and why; every addition and removal is written to {@code dlp_allowlist_audit}. Tenant id first; every
 * statement filters on it.
 */
@ApplicationScoped
public class DlpAllowlistStore {

    public record Entry(UUID id, String evidenceHash, String detectorId, UUID findingId, String reason, String createdBy,
            Instant createdAt) {
    }

    public record AuditRow(long id, UUID entryId, String action, String actor, String reason, Instant at) {
    }

    /** The facts of a DLP finding an entry is made from; {@code evidenceHash} null for a legacy finding. */
    public record DlpFindingFacts(UUID id, String ruleId, String status, String evidenceHash) {
    }

    public Uni<List<Entry>> list(SqlClient s, String tenantId) {
        return Sql.query(s, """
                select id, evidence_hash, detector_id, finding_id, reason, created_by, created_at
                from dlp_allowlist where tenant_id = $1 order by created_at, id
                """, List.of(tenantId)).map(rows -> rows.stream().map(DlpAllowlistStore::entry).toList());
    }

    public Uni<Optional<Entry>> byHash(SqlClient s, String tenantId, String evidenceHash) {
        return Sql.query(s, """
                select id, evidence_hash, detector_id, finding_id, reason, created_by, created_at
                from dlp_allowlist where tenant_id = $1 and evidence_hash = $2
                """, List.of(tenantId, evidenceHash)).map(rows -> rows.stream().map(DlpAllowlistStore::entry).findFirst());
    }

    /** The evidence hashes the tenant's scans drop. */
    public Uni<Set<String>> hashes(SqlClient s, String tenantId) {
        return Sql.query(s, "select evidence_hash from dlp_allowlist where tenant_id = $1", List.of(tenantId))
                .map(rows -> rows.stream().map(r -> r.getString("evidence_hash"))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    public Uni<Long> count(SqlClient s, String tenantId) {
        return Sql.query(s, "select count(*) as entries from dlp_allowlist where tenant_id = $1",
                List.of(tenantId)).map(rows -> rows.get(0).getLong("entries"));
    }

    /** Adds the entry and its audit row; false (nothing written) when the hash is listed already. */
    public Uni<Boolean> add(SqlClient s, String tenantId, Entry e) {
        return Sql.update(s, """
                insert into dlp_allowlist (id, tenant_id, evidence_hash, detector_id, finding_id, reason, created_by, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (tenant_id, evidence_hash) do nothing
                """, e.id(), tenantId, e.evidenceHash(), e.detectorId(), e.findingId(), e.reason(), e.createdBy(),
                UtcTimes.utc(e.createdAt()))
                .chain(n -> n == 0 ? Uni.createFrom().item(false)
                        : audit(s, tenantId, e.id(), e.evidenceHash(), "added", e.createdBy(), e.reason(), e.createdAt())
                                .replaceWith(true));
    }

    /** Removes the entry (audited); empty when the tenant has no such entry. */
    public Uni<Optional<Entry>> remove(SqlClient s, String tenantId, UUID id, String actor, String reason, Instant now) {
        return Sql.query(s, """
                delete from dlp_allowlist where tenant_id = $1 and id = $2
                returning id, evidence_hash, detector_id, finding_id, reason, created_by, created_at
                """, List.of(tenantId, id)).chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Entry>empty());
                    }
                    Entry e = entry(rows.get(0));
                    return audit(s, tenantId, e.id(), e.evidenceHash(), "removed", actor, reason, now).replaceWith(Optional.of(e));
                });
    }

    public Uni<List<AuditRow>> audit(SqlClient s, String tenantId, int limit) {
        return Sql.query(s, """
                select id, entry_id, action, actor, reason, at from dlp_allowlist_audit
                where tenant_id = $1 order by id desc limit $2
                """, List.of(tenantId, limit)).map(rows -> rows.stream().map(r -> new AuditRow(
                r.getLong("id"), r.getUUID("entry_id"), r.getString("action"),
                r.getString("actor"), r.getString("reason"), UtcTimes.instant(r.getValue("at")))).toList());
    }

    /** A DLP finding of the tenant with its evidence hash, if there is one. */
    public Uni<Optional<DlpFindingFacts>> dlpFinding(SqlClient s, String tenantId, UUID findingId) {
        return Sql.query(s, """
                select id, rule_id, status, evidence->>'evidenceHash' as evidence_hash from finding
                where tenant_id = $1 and id = $2 and kind = 'dlp'
                """, List.of(tenantId, findingId)).map(rows -> rows.stream().map(r -> new DlpFindingFacts(
                r.getUUID("id"), r.getString("rule_id"), r.getString("status"),
                r.getString("evidence_hash"))).findFirst());
    }

    /** Open or reopened DLP findings of the tenant with this evidence hash (any page, any detector). */
    public Uni<List<UUID>> activeWithHash(SqlClient s, String tenantId, String evidenceHash) {
        return Sql.query(s, """
                select id from finding where tenant_id = $1 and kind = 'dlp' and status in ('open', 'reopened')
                and evidence->>'evidenceHash' = $2 order by first_seen limit 1000
                """, List.of(tenantId, evidenceHash)).map(rows -> rows.stream().map(r -> r.getUUID("id")).toList());
    }

    private Uni<Integer> audit(SqlClient s, String tenantId, UUID entryId, String hash, String action, String actor,
            String reason, Instant at) {
        return Sql.update(s, """
                insert into dlp_allowlist_audit (tenant_id, entry_id, evidence_hash, action, actor, reason, at)
                values ($1, $2, $3, $4, $5, $6, $7)
                """, tenantId, entryId, hash, action, actor, reason, UtcTimes.utc(at));
    }

    private static Entry entry(Row r) {
        return new Entry(r.getUUID("id"), r.getString("evidence_hash"), r.getString("detector_id"),
                r.getUUID("finding_id"), r.getString("reason"), r.getString("created_by"),
                UtcTimes.instant(r.getValue("created_at")));
    }
}
