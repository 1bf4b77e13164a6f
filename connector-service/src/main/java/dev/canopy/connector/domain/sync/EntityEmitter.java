package dev.canopy.connector.domain.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.canopy.connector.store.SyncStateStore;
import dev.canopy.connector.store.SyncStateStore.EntityState;
import dev.canopy.connector.store.SyncStateStore.Seen;
import dev.canopy.contracts.events.data.EntityData;

/**
 * Emits the entities of one resource listing that changed since their last emission, page by page: a page's events
 * are published and acknowledged first, then the entity hashes and the resource's checkpoints are committed. A crash
 * between the two repeats at most that page; a crash before leaves the checkpoint behind, never ahead.
 */
public final class EntityEmitter {
    private final RunContext ctx;
    private final SyncEvents publisher;
    private final SyncStateStore state;
    private final String entityType;
    private final Map<String, EntityState> known;
    private final List<EntityData> pendingEvents = new ArrayList<>();
    private final List<Seen> pendingSeen = new ArrayList<>();
    private final List<Seen> pendingDeleted = new ArrayList<>();
    private final Map<String, String> pendingCheckpoints = new HashMap<>();

    EntityEmitter(RunContext ctx, SyncEvents publisher, SyncStateStore state, String entityType) {
        this.ctx = ctx;
        this.publisher = publisher;
        this.state = state;
        this.entityType = entityType;
        this.known = state.hashes(ctx.connection().id(), entityType);
    }

    public String entityType() {
        return entityType;
    }

    /** The hash last emitted for this entity, or null. */
    public EntityState known(String entityId) {
        return known.get(entityId);
    }

    /** Queues the entity's events when {@code hash} differs from the last emitted one; marks it seen either way. */
    public boolean offer(String entityId, String hash, String detail, List<? extends EntityData> events) {
        EntityState before = known.get(entityId);
        boolean changed = before == null || !before.hash().equals(hash);
        if (changed) {
            pendingEvents.addAll(events);
        }
        pendingSeen.add(new Seen(entityType, entityId, hash, detail));
        known.put(entityId, new EntityState(hash, detail));
        return changed;
    }

    /** One event per entity, hashed over its data. */
    public boolean offer(EntityData data) {
        return offer(data.entityId(), Hashes.of(data), null, List.of(data));
    }

    /** Emits a deletion for an entity we had and forgets it. */
    public void deleted(String entityId, EntityData deletionEvent) {
        if (known.remove(entityId) != null) {
            pendingEvents.add(deletionEvent);
            pendingDeleted.add(new Seen(entityType, entityId, "", null));
        }
    }

    public void checkpoint(String resource, String value) {
        pendingCheckpoints.put(resource, value);
    }

    /** Publishes what is pending, waits for the acks, then commits hashes and checkpoints. */
    public void flush() {
        if (!pendingEvents.isEmpty()) {
            publisher.publishAndAwait(ctx.origin(), ctx.observedAt(), pendingEvents);
            ctx.countEvents(pendingEvents);
        }
        if (!pendingSeen.isEmpty() || !pendingDeleted.isEmpty() || !pendingCheckpoints.isEmpty()) {
            state.commit(ctx.connection().id(), ctx.runId(), pendingSeen, pendingDeleted, pendingCheckpoints);
        }
        pendingEvents.clear();
        pendingSeen.clear();
        pendingDeleted.clear();
        pendingCheckpoints.clear();
        ctx.checkpointReached();
    }

    /**
     * After a complete listing: everything known but not seen by this run is gone at the source. Emits one deletion
     * per entity (built by {@code deletion}) and forgets them.
     */
    public int sweep(Function<Seen, EntityData> deletion) {
        return sweep(s -> true, deletion);
    }

    /**
     * A sweep limited to the entities {@code complete} accepts: those whose listing completed in this run. Entities of
     * a listing that failed stay known (a failure must never read as a deletion).
     */
    public int sweep(java.util.function.Predicate<Seen> complete, Function<Seen, EntityData> deletion) {
        flush();
        List<Seen> gone = state.unseen(ctx.connection().id(), entityType, ctx.runId()).stream().filter(complete).toList();
        for (Seen s : gone) {
            EntityData event = deletion.apply(s);
            known.remove(s.entityId());
            if (event != null) {
                pendingEvents.add(event);
            }
            pendingDeleted.add(s);
            if (pendingDeleted.size() >= 500) {
                flush();
            }
        }
        flush();
        return gone.size();
    }
}
