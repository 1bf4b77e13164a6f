package dev.canopy.findings.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.support.sql.NativeQueries;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;

/** Whether a tenant's findings are also copied to its own topic. Tenant id first. */
@ApplicationScoped
public class TenantStreamStore {

    public record TenantStream(String tenantId, boolean enabled, String topic, Instant updatedAt) {
    }

    public Uni<Optional<TenantStream>> get(Mutiny.Session s, String tenantId) {
        return NativeQueries.tuples(s, "select tenant_id, enabled, topic, updated_at from tenant_stream where tenant_id = ?1",
                List.of(tenantId)).map(rows -> rows.stream().findFirst().map(TenantStreamStore::toStream));
    }

    public Uni<Void> save(Mutiny.Session s, String tenantId, boolean enabled, String topic, Instant at) {
        return NativeQueries.execute(s, """
                insert into tenant_stream (tenant_id, enabled, topic, updated_at) values (?1, ?2, ?3, ?4)
                on conflict (tenant_id) do update set enabled = excluded.enabled, topic = excluded.topic,
                    updated_at = excluded.updated_at
                """, tenantId, enabled, topic, UtcTimes.utc(at)).replaceWithVoid();
    }

    /** For the relay: the per-tenant topics of the given tenants that have the copy switched on. */
    public Uni<Map<String, String>> enabledTopics(Mutiny.Session s, Collection<String> tenantIds) {
        if (tenantIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeQueries.tuples(s, "select tenant_id, enabled, topic, updated_at from tenant_stream where tenant_id = any(?1) and enabled",
                List.<Object>of((Object) tenantIds.toArray(String[]::new)))
                .map(rows -> rows.stream().map(TenantStreamStore::toStream)
                        .collect(Collectors.toMap(TenantStream::tenantId, TenantStream::topic)));
    }

    private static TenantStream toStream(Tuple r) {
        return new TenantStream(r.get("tenant_id", String.class), r.get("enabled", Boolean.class),
                r.get("topic", String.class), UtcTimes.instant(r.get("updated_at")));
    }
}
