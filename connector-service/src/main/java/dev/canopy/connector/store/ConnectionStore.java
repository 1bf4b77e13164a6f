package dev.canopy.connector.store;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Connections of each tenant; every method is scoped by the tenant id it is given. */
@ApplicationScoped
public class ConnectionStore {

    public Uni<ConnectionEntity> find(String tenantId, UUID id) {
        return ConnectionEntity.<ConnectionEntity>find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public Uni<List<ConnectionEntity>> list(String tenantId) {
        return ConnectionEntity.<ConnectionEntity>list("tenantId = ?1 order by createdAt", tenantId);
    }

    public Uni<ConnectionEntity> persist(ConnectionEntity c) {
        return c.persist();
    }
}
