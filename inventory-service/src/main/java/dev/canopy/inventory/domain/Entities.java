package dev.canopy.inventory.domain;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.inventory.store.EntityStore;
import dev.canopy.inventory.store.Filter;
import dev.canopy.inventory.store.ListedEntity;
import dev.canopy.inventory.store.Listing;
import dev.canopy.inventory.store.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The inventory's entities as the REST API reads them: lists, one entity, its history, a user with its
 * memberships. Each call reads on one connection; tenant id first on every call. Every entity type lives in the same
 * table and is listed the same way, so one service serves them all (the resources group them by subject).
 */
@ApplicationScoped
public class Entities {

    private final Pool pool;
    private final EntityStore store;

    public Entities(Pool pool, EntityStore store) {
        this.pool = pool;
        this.store = store;
    }

    /** A user's stored state (as JSON) and the live groups and teams it is a member of. */
    public record UserDetail(String json, List<String> groups, List<String> teams) {
    }

    /**
     * One page of a listing: up to {@code page.limit() + 1} rows, the extra row telling the caller there is a next
     * page.
     */
    public Uni<List<ListedEntity>> page(String tenantId, Listing listing, List<Filter> filters, PageRequest page) {
        PageRequest oneMore = new PageRequest(page.sort(), page.descending(), page.afterSortValue(), page.afterId(),
                page.limit() + 1, page.includeDeleted());
        return pool.withConnection(c -> store.list(c, tenantId, listing, filters, oneMore));
    }

    /** One entity (also when deleted) as JSON, or empty when the tenant has no such entity. */
    public Uni<Optional<String>> find(String tenantId, String entityType, String entityId) {
        return pool.withConnection(c -> store.find(c, tenantId, entityType, entityId));
    }

    /**
     * Up to {@code limit + 1} history entries of one entity older than {@code beforeId}, newest first; empty when
     * the entity is unknown. Groups and teams count as known without a row of their own: their member snapshots
     * can arrive (and write history) before the group or team itself.
     */
    public Uni<Optional<List<ListedEntity>>> history(String tenantId, String entityType, String entityId,
            long beforeId, int limit) {
        boolean mayHaveMembersOnly = "group".equals(entityType) || "team".equals(entityType);
        return pool.withConnection(c -> store.find(c, tenantId, entityType, entityId).chain(found ->
                found.isEmpty() && !mayHaveMembersOnly ? Uni.createFrom().item(Optional.<List<ListedEntity>>empty())
                        : store.history(c, tenantId, entityType, entityId, beforeId, limit + 1).map(Optional::of)));
    }

    /** The user with its groups and teams, or empty when the tenant has no such user. */
    public Uni<Optional<UserDetail>> user(String tenantId, String accountId) {
        return pool.withConnection(c -> store.find(c, tenantId, "user", accountId).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<UserDetail>empty())
                : store.containersOf(c, tenantId, "group", accountId)
                        .chain(groups -> store.containersOf(c, tenantId, "team", accountId)
                                .map(teams -> Optional.of(new UserDetail(found.get(), groups, teams))))));
    }
}
