package dev.canopy.inventory.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.inventory.store.OverviewStore;
import dev.canopy.inventory.store.OverviewStore.Overview;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** A tenant's inventory at a glance: entities per type, member relations, the last sync run per connection. */
@ApplicationScoped
public class TenantOverview {

    private final Pool pool;
    private final OverviewStore store;

    public TenantOverview(Pool pool, OverviewStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<Overview> of(String tenantId) {
        return pool.withConnection(c -> store.overview(c, tenantId));
    }
}
