package dev.canopy.findings.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Per-tenant posture thresholds and muted checks: plain CRUD tables, mapped as Hibernate Reactive entities and used
 * through the session of the calling domain service's transaction (no native SQL here). Tenant id first; every
 * statement filters on it (the tenant id is part of each primary key).
 */
@ApplicationScoped
public class PostureConfigStore {

    public record Mute(String checkId, String reason, String mutedBy, Instant mutedAt) {
    }

    public Uni<Map<String, Object>> thresholdOverrides(Mutiny.Session s, String tenantId) {
        return s.find(PostureConfigRow.class, tenantId).map(r -> r == null || r.thresholds == null ? Map.of() : r.thresholds);
    }

    public Uni<Void> saveThresholdOverrides(Mutiny.Session s, String tenantId, Map<String, Object> overrides,
            String actor, Instant at) {
        return s.find(PostureConfigRow.class, tenantId).chain(found -> {
            PostureConfigRow row = found != null ? found : new PostureConfigRow();
            row.thresholds = new HashMap<>(overrides);
            row.updatedAt = at;
            row.updatedBy = actor;
            if (found != null) {
                return Uni.createFrom().voidItem(); // written when the transaction flushes
            }
            row.tenantId = tenantId;
            return s.persist(row);
        });
    }

    public Uni<List<Mute>> mutes(Mutiny.Session s, String tenantId) {
        return s.createSelectionQuery("from PostureMute where tenantId = :tenant order by checkId",
                PostureMuteRow.class).setParameter("tenant", tenantId).getResultList()
                .map(rows -> rows.stream().map(PostureMuteRow::toMute).toList());
    }

    public Uni<Void> mute(Mutiny.Session s, String tenantId, String checkId, String reason, String actor, Instant at) {
        return s.find(PostureMuteRow.class, new PostureMuteRow.Key(tenantId, checkId)).chain(found -> {
            PostureMuteRow row = found != null ? found : new PostureMuteRow();
            row.reason = reason;
            row.mutedBy = actor;
            row.mutedAt = at;
            if (found != null) {
                return Uni.createFrom().voidItem();
            }
            row.tenantId = tenantId;
            row.checkId = checkId;
            return s.persist(row);
        });
    }

    public Uni<Boolean> unmute(Mutiny.Session s, String tenantId, String checkId) {
        return s.createMutationQuery("delete from PostureMute where tenantId = :tenant and checkId = :check")
                .setParameter("tenant", tenantId).setParameter("check", checkId).executeUpdate().map(n -> n > 0);
    }
}
