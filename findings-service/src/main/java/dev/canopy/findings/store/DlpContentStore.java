package dev.canopy.findings.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Which version of each content item was scanned last. Tenant id first. */
@ApplicationScoped
public class DlpContentStore {

    /** One scanned version for {@link #recordScans}. */
    public record Scanned(String tenantId, String contentKey, int version, String contentType, String title,
            Instant observedAt, int matches) {
    }

    /**
     * Records that these versions were scanned, in one statement (each tenant + content key at most once): answers the
     * indexes of those recorded; the others are older than a version or deletion already recorded, and their scan
     * results must be ignored.
     */
    public Uni<Set<Integer>> recordScans(SqlClient s, List<Scanned> scans) {
        Instant now = Instant.now();
        return Sql.query(s, """
                with recorded as (
                    insert into dlp_content (tenant_id, content_key, version, content_type, title, observed_at, scanned_at,
                        matches)
                    select u.tenant_id, u.content_key, u.version, u.content_type, u.title, u.observed_at, $8, u.matches
                    from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as int[]), cast($4 as text[]),
                        cast($5 as text[]), cast(cast($6 as text[]) as timestamptz[]), cast($7 as int[]))
                        as u(tenant_id, content_key, version, content_type, title, observed_at, matches)
                    on conflict (tenant_id, content_key) do update set version = excluded.version,
                        content_type = excluded.content_type, title = excluded.title, observed_at = excluded.observed_at,
                        scanned_at = excluded.scanned_at, matches = excluded.matches, deleted_at = null
                    where dlp_content.version <= excluded.version and dlp_content.observed_at <= excluded.observed_at
                    returning tenant_id, content_key)
                select tenant_id, content_key from recorded
                """, List.of(scans.stream().map(Scanned::tenantId).toArray(String[]::new),
                scans.stream().map(Scanned::contentKey).toArray(String[]::new),
                scans.stream().map(Scanned::version).toArray(Integer[]::new),
                scans.stream().map(Scanned::contentType).toArray(String[]::new),
                scans.stream().map(Scanned::title).toArray(String[]::new),
                // truncated to PostgreSQL's microseconds as the driver does for recordDeletion's parameter (the text
                // cast would round), so a deletion observed at the same instant still wins over this version
                scans.stream().map(x -> UtcTimes.iso(x.observedAt() == null ? null
                        : x.observedAt().truncatedTo(ChronoUnit.MICROS))).toArray(String[]::new),
                scans.stream().map(Scanned::matches).toArray(Integer[]::new), UtcTimes.utc(now))).map(rows -> {
                    Set<String> keys = new HashSet<>();
                    rows.forEach(r -> keys.add(r.getString("tenant_id") + "\0" + r.getString("content_key")));
                    Set<Integer> out = new HashSet<>();
                    for (int i = 0; i < scans.size(); i++) {
                        if (keys.contains(scans.get(i).tenantId() + "\0" + scans.get(i).contentKey())) {
                            out.add(i);
                        }
                    }
                    return out;
                });
    }

    /**
     * True when the tenant has DLP findings whose fingerprint is still of the former scheme (salted SHA-256 of the
     * value): findings written since keyed fingerprints carry {@code evidence.fingerprintScheme}.
     */
    public Uni<Boolean> hasLegacyFingerprints(SqlClient s, String tenantId) {
        return Sql.query(s, """
                select 1 as found from finding where tenant_id = $1 and kind = 'dlp' and evidence->>'fingerprintScheme' is null
                limit 1
                """, List.of(tenantId)).map(rows -> !rows.isEmpty());
    }

    /**
     * Moves findings stored under a legacy fingerprint to the new one ({@code legacy -> current}), so the
     * reconciliation that follows sees them as the same findings; returns how many moved.
     */
    public Uni<Integer> rekeyLegacy(SqlClient s, String tenantId, java.util.Map<String, String> legacyToCurrent) {
        if (legacyToCurrent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.update(s, """
                update finding f set fingerprint = u.current
                from unnest(cast($2 as text[]), cast($3 as text[])) as u(legacy, current)
                where f.tenant_id = $1 and f.kind = 'dlp' and f.fingerprint = u.legacy
                  and f.evidence->>'fingerprintScheme' is null
                  and not exists (select 1 from finding g where g.tenant_id = $1 and g.fingerprint = u.current)
                """, tenantId, legacyToCurrent.keySet().toArray(new String[0]),
                legacyToCurrent.values().toArray(new String[0]));
    }

    /** Records the deletion; false when the stored state is newer than the deletion. */
    public Uni<Boolean> recordDeletion(SqlClient s, String tenantId, String contentKey, String contentType,
            Instant observedAt) {
        return Sql.update(s, """
                insert into dlp_content (tenant_id, content_key, version, content_type, observed_at, deleted_at)
                values ($1, $2, 0, $3, $4, $4)
                on conflict (tenant_id, content_key) do update set deleted_at = excluded.deleted_at,
                    observed_at = excluded.observed_at
                where dlp_content.observed_at <= excluded.observed_at
                """, tenantId, contentKey, contentType, UtcTimes.utc(observedAt)).map(n -> n > 0);
    }
}
