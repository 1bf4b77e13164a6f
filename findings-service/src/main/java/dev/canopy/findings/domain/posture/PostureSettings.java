package dev.canopy.findings.domain.posture;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.findings.store.PostureConfigStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A tenant's posture settings (threshold overrides and muted checks) as the REST API uses them: each change in one
 * transaction, then the settings as they are now, read in a session of their own. Tenant id first on every call.
 * Changes take effect at the next evaluation.
 */
@ApplicationScoped
public class PostureSettings {
    private final Pool db;
    private final PostureConfigStore config;

    public PostureSettings(Pool db, PostureConfigStore config) {
        this.db = db;
        this.config = config;
    }

    /** The tenant's overrides (threshold name to value; defaults left out) and muted checks by check id. */
    public record Current(Map<String, Object> overrides, List<PostureConfigStore.Mute> mutes) {
        public Thresholds thresholds() {
            return Thresholds.of(overrides);
        }
    }

    public Uni<Current> current(String tenantId) {
        return db.withConnection(s -> config.thresholdOverrides(s, tenantId)
                .chain(overrides -> config.mutes(s, tenantId).map(mutes -> new Current(overrides, mutes))));
    }

    /** Replaces the overrides with {@code validated} (already checked by {@link Thresholds#validate}). */
    public Uni<Current> replaceThresholds(String tenantId, Map<String, Object> validated, String actor) {
        return db.withTransaction(s -> config.saveThresholdOverrides(s, tenantId, validated, actor, Instant.now()))
                .chain(() -> current(tenantId));
    }

    public Uni<Current> mute(String tenantId, String checkId, String reason, String actor) {
        return db.withTransaction(s -> config.mute(s, tenantId, checkId, reason, actor, Instant.now()))
                .chain(() -> current(tenantId));
    }

    public Uni<Current> unmute(String tenantId, String checkId) {
        return db.withTransaction(s -> config.unmute(s, tenantId, checkId)).chain(() -> current(tenantId));
    }
}
