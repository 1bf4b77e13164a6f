package dev.canopy.findings.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.findings.store.TenantStreamStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Whether a tenant's findings are also copied to its own topic, as the REST API uses it (the outbox relay reads the
 * switch in its own transaction). Tenant id first on every call.
 */
@ApplicationScoped
public class TenantStreams {
    private final Pool db;
    private final TenantStreamStore streams;

    public TenantStreams(Pool db, TenantStreamStore streams) {
        this.db = db;
        this.streams = streams;
    }

    /** Whether the per-tenant copy is switched on (off when never set). */
    public Uni<Boolean> enabled(String tenantId) {
        return db.withConnection(s -> streams.get(s, tenantId))
                .map(o -> o.map(TenantStreamStore.TenantStream::enabled).orElse(false));
    }

    /** Switches the copy to {@code topic} on or off, in one transaction; the topic must exist before it is switched on. */
    public Uni<Void> switchTo(String tenantId, boolean enabled, String topic) {
        return db.withTransaction(s -> streams.save(s, tenantId, enabled, topic, Instant.now()));
    }
}
