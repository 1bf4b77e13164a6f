package dev.canopy.findings.domain.posture;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.findings.store.PostureConfigStore;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's posture settings (threshold overrides and muted checks) as the REST API uses them: each change in one
 * transaction, then the settings as they are now, read in a session of their own. Tenant id first on every call.
 * Changes take effect at the next evaluation.
 */
@ApplicationScoped
public class PostureSettings {
    private final Mutiny.SessionFactory sessions;
    private final PostureConfigStore config;

    public PostureSettings(Mutiny.SessionFactory sessions, PostureConfigStore config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** The tenant's overrides (threshold name to value; defaults left out) and muted checks by check id. */
    public record Current(Map<String, Object> overrides, List<PostureConfigStore.Mute> mutes) {
        public Thresholds thresholds() {
            return Thresholds.of(overrides);
        }
    }

    public Uni<Current> current(String tenantId) {
        return sessions.withSession(s -> config.thresholdOverrides(s, tenantId)
                .chain(overrides -> config.mutes(s, tenantId).map(mutes -> new Current(overrides, mutes))));
    }

    /** Replaces the overrides with {@code validated} (already checked by {@link Thresholds#validate}). */
    public Uni<Current> replaceThresholds(String tenantId, Map<String, Object> validated, String actor) {
        return sessions.withTransaction(s -> config.saveThresholdOverrides(s, tenantId, validated, actor, Instant.now()))
                .chain(() -> current(tenantId));
    }

    public Uni<Current> mute(String tenantId, String checkId, String reason, String actor) {
        return sessions.withTransaction(s -> config.mute(s, tenantId, checkId, reason, actor, Instant.now()))
                .chain(() -> current(tenantId));
    }

    public Uni<Current> unmute(String tenantId, String checkId) {
        return sessions.withTransaction(s -> config.unmute(s, tenantId, checkId)).chain(() -> current(tenantId));
    }
}
