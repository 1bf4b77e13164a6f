package dev.canopy.inventory.domain;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.inventory.store.OverviewStore;
import dev.canopy.inventory.store.OverviewStore.Overview;
import io.smallrye.mutiny.Uni;

/** A tenant's inventory at a glance: entities per type, member relations, the last sync run per connection. */
@ApplicationScoped
public class TenantOverview {

    private final Mutiny.SessionFactory sessions;
    private final OverviewStore store;

    public TenantOverview(Mutiny.SessionFactory sessions, OverviewStore store) {
        this.sessions = sessions;
        this.store = store;
    }

    public Uni<Overview> of(String tenantId) {
        return sessions.withSession(s -> store.overview(s, tenantId));
    }
}
