package dev.canopy.findings.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Per-tenant posture thresholds (posture_config: one row per tenant, its overrides as a jsonb object) and muted checks
 * (posture_mute: one row per tenant and check), used through the calling domain service's transaction. Tenant id
 * first; every statement filters on it (the tenant id is part of each primary key).
 */
@ApplicationScoped
public class PostureConfigStore {

    public record Mute(String checkId, String reason, String mutedBy, Instant mutedAt) {
    }

    public Uni<Map<String, Object>> thresholdOverrides(SqlClient s, String tenantId) {
        return Sql.query(s, "select cast(thresholds as text) as thresholds from posture_config where tenant_id = $1",
                List.of(tenantId)).map(rows -> rows.isEmpty() ? Map.of() : JsonColumns.toMap(rows.get(0).getValue("thresholds")));
    }

    public Uni<Void> saveThresholdOverrides(SqlClient s, String tenantId, Map<String, Object> overrides,
            String actor, Instant at) {
        return Sql.update(s, """
                insert into posture_config (tenant_id, thresholds, updated_at, updated_by)
                values ($1, cast(cast($2 as text) as jsonb), $3, $4)
                on conflict (tenant_id) do update set thresholds = excluded.thresholds, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """, tenantId, JsonColumns.toText(overrides), UtcTimes.utc(at), actor).replaceWithVoid();
    }

    public Uni<List<Mute>> mutes(SqlClient s, String tenantId) {
        return Sql.query(s, "select check_id, reason, muted_by, muted_at from posture_mute where tenant_id = $1 order by check_id",
                List.of(tenantId)).map(rows -> rows.stream().map(r -> new Mute(r.getString("check_id"),
                        r.getString("reason"), r.getString("muted_by"), UtcTimes.instant(r.getValue("muted_at")))).toList());
    }

    public Uni<Void> mute(SqlClient s, String tenantId, String checkId, String reason, String actor, Instant at) {
        return Sql.update(s, """
                insert into posture_mute (tenant_id, check_id, reason, muted_by, muted_at) values ($1, $2, $3, $4, $5)
                on conflict (tenant_id, check_id) do update set reason = excluded.reason, muted_by = excluded.muted_by,
                    muted_at = excluded.muted_at
                """, tenantId, checkId, reason, actor, UtcTimes.utc(at)).replaceWithVoid();
    }

    public Uni<Boolean> unmute(SqlClient s, String tenantId, String checkId) {
        return Sql.update(s, "delete from posture_mute where tenant_id = $1 and check_id = $2", tenantId, checkId)
                .map(n -> n > 0);
    }
}
