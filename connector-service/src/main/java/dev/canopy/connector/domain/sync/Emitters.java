package dev.canopy.connector.domain.sync;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.store.SyncStateStore;
import dev.canopy.contracts.events.data.EntityDeletedData;

/** Creates the {@link EntityEmitter}s resource syncs write through. */
@ApplicationScoped
public class Emitters {
    private final SyncEvents publisher;
    private final SyncStateStore state;

    public Emitters(SyncEvents publisher, SyncStateStore state) {
        this.publisher = publisher;
        this.state = state;
    }

    public EntityEmitter open(RunContext ctx, String entityType) {
        return new EntityEmitter(ctx, publisher, state, entityType);
    }

    public SyncStateStore state() {
        return state;
    }

    /** Sweeps an inventory entity type after a complete listing: one entity-deleted event per vanished entity. */
    static void sweepEntities(RunContext ctx, EntityEmitter emitter) {
        sweepEntities(ctx, emitter, s -> true);
    }

    /** A sweep of the entities whose listing completed ({@code complete}); the others stay known. */
    static void sweepEntities(RunContext ctx, EntityEmitter emitter,
            java.util.function.Predicate<dev.canopy.connector.store.SyncStateStore.Seen> complete) {
        int gone = emitter.sweep(complete,
                s -> new EntityDeletedData(emitter.entityType(), s.entityId(), "not-found-at-source"));
        ctx.countEntities(emitter.entityType() + ".deleted", gone);
    }

    /** Member snapshots are removed with their group or team: no event of their own. */
    static void sweepSilently(EntityEmitter emitter) {
        emitter.sweep(s -> null);
    }

    static <T> List<List<T>> parts(List<T> all, int size) {
        if (all.isEmpty()) {
            return List.of(List.of());
        }
        java.util.ArrayList<List<T>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
