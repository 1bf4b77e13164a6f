package dev.canopy.findings.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Per-tenant detection settings as JSON maps; tenant id first, every statement filters on it. */
@ApplicationScoped
public class DetectionSettingsStore {

    public Uni<Map<String, Object>> find(SqlClient s, String tenantId) {
        return Sql.query(s, "select cast(settings as text) as settings from detection_settings where tenant_id = $1",
                List.of(tenantId)).map(rows -> rows.isEmpty() ? Map.of() : JsonColumns.toMap(rows.get(0).getValue("settings")));
    }

    /** Every tenant's settings (tenant id → settings): the processor's cache reload. */
    public Uni<Map<String, Map<String, Object>>> all(SqlClient s) {
        return Sql.query(s, "select tenant_id, cast(settings as text) as settings from detection_settings",
                List.of()).map(rows -> {
                    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("tenant_id"), JsonColumns.toMap(r.getValue("settings")));
                    }
                    return out;
                });
    }

    public Uni<Void> save(SqlClient s, String tenantId, Map<String, Object> settings, String actor, Instant at) {
        return Sql.update(s, """
                insert into detection_settings (tenant_id, settings, updated_at, updated_by)
                values ($1, cast(cast($2 as text) as jsonb), $3, $4)
                on conflict (tenant_id) do update set settings = excluded.settings, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """, tenantId, JsonColumns.toText(settings), UtcTimes.utc(at), actor).replaceWithVoid();
    }
}
