package dev.canopy.findings.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The posture inputs of every tenant, built from inventory events. Every method takes the tenant id first and
 * filters on it. An older observation never overwrites a newer one; a deletion older than the row is ignored.
 */
@ApplicationScoped
public class PostureInputStore {
    /** Inventory entity types the checks read. */
    public static final Set<EventType> POSTURE_TYPES = Set.of(EventType.USER, EventType.ORG_POLICY, EventType.DOMAIN,
            EventType.API_TOKEN, EventType.ORG_API_KEY, EventType.INSTALLED_APP, EventType.JIRA_PERMISSION_GRANT,
            EventType.CONFLUENCE_SPACE);

    /** Returns true when the stored state changed. */
    public Uni<Boolean> upsert(SqlClient s, String tenantId, EventType type, EntityData data, Instant observedAt,
            String runId) {
        return Sql.update(s, """
                insert into posture_entity (tenant_id, entity_type, entity_id, data, observed_at, deleted_at, last_run_id)
                values ($1, $2, $3, cast(cast($4 as text) as jsonb), $5, null, $6)
                on conflict (tenant_id, entity_type, entity_id) do update set
                    data = excluded.data, observed_at = excluded.observed_at, deleted_at = null,
                    last_run_id = excluded.last_run_id
                where posture_entity.observed_at <= excluded.observed_at
                """, tenantId, type.entity(), data.entityId(), JsonColumns.toText(data), UtcTimes.utc(observedAt), runId)
                .map(n -> n > 0);
    }

    public Uni<Boolean> markDeleted(SqlClient s, String tenantId, String entityType, String entityId,
            Instant observedAt) {
        return Sql.update(s, """
                update posture_entity set deleted_at = $4, observed_at = $4
                where tenant_id = $1 and entity_type = $2 and entity_id = $3 and observed_at <= $4
                """, tenantId, entityType, entityId, UtcTimes.utc(observedAt)).map(n -> n > 0);
    }

    /** Every live posture input of the tenant, decoded, grouped by its data class. */
    public Uni<Map<Class<?>, List<EntityData>>> liveInputs(SqlClient s, String tenantId) {
        return Sql.query(s, """
                select entity_type, cast(data as text) as data from posture_entity
                where tenant_id = $1 and deleted_at is null order by entity_type, entity_id
                """, List.of(tenantId)).map(rows -> {
            Map<Class<?>, List<EntityData>> byType = new HashMap<>();
            for (Row r : rows) {
                EntityData d = read(r.getString("entity_type"), r.getString("data"));
                byType.computeIfAbsent(d.getClass(), k -> new ArrayList<>()).add(d);
            }
            return byType;
        });
    }

    private static EntityData read(String entity, String json) {
        EventType type = POSTURE_TYPES.stream().filter(t -> t.entity().equals(entity)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unexpected stored entity type " + entity));
        try {
            return EventJson.mapper().readValue(json, type.dataClass());
        } catch (IOException e) {
            throw new IllegalStateException("stored " + entity + " is unreadable", e);
        }
    }
}
