package dev.canopy.findings.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Whether a tenant's findings are also copied to its own topic. Tenant id first. */
@ApplicationScoped
public class TenantStreamStore {

    public record TenantStream(String tenantId, boolean enabled, String topic, Instant updatedAt) {
    }

    public Uni<Optional<TenantStream>> get(SqlClient s, String tenantId) {
        return Sql.query(s, "select tenant_id, enabled, topic, updated_at from tenant_stream where tenant_id = $1",
                List.of(tenantId)).map(rows -> rows.stream().findFirst().map(TenantStreamStore::toStream));
    }

    public Uni<Void> save(SqlClient s, String tenantId, boolean enabled, String topic, Instant at) {
        return Sql.update(s, """
                insert into tenant_stream (tenant_id, enabled, topic, updated_at) values ($1, $2, $3, $4)
                on conflict (tenant_id) do update set enabled = excluded.enabled, topic = excluded.topic,
                    updated_at = excluded.updated_at
                """, tenantId, enabled, topic, UtcTimes.utc(at)).replaceWithVoid();
    }

    /** For the relay: the per-tenant topics of the given tenants that have the copy switched on. */
    public Uni<Map<String, String>> enabledTopics(SqlClient s, Collection<String> tenantIds) {
        if (tenantIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.query(s, "select tenant_id, enabled, topic, updated_at from tenant_stream where tenant_id = any($1) and enabled",
                List.<Object>of((Object) tenantIds.toArray(String[]::new)))
                .map(rows -> rows.stream().map(TenantStreamStore::toStream)
                        .collect(Collectors.toMap(TenantStream::tenantId, TenantStream::topic)));
    }

    private static TenantStream toStream(Row r) {
        return new TenantStream(r.getString("tenant_id"), r.getBoolean("enabled"),
                r.getString("topic"), UtcTimes.instant(r.getValue("updated_at")));
    }
}
