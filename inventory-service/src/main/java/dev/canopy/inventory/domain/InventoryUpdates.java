package dev.canopy.inventory.domain;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.inventory.store.EntityWriter;
import dev.canopy.inventory.store.MembershipWriter;
import dev.canopy.inventory.store.SyncRunWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Stores one batch of valid inventory events in a single transaction: entity upserts and deletions (one multi-row
 * statement each), member snapshot parts in order, sync runs and the per-run received counts. Either all of it
 * commits or none, so the consumer can retry or split the batch.
 */
@ApplicationScoped
public class InventoryUpdates {

    private final Pool pool;
    private final EntityWriter entities;
    private final MembershipWriter memberships;
    private final SyncRunWriter syncRuns;

    public InventoryUpdates(Pool pool, EntityWriter entities, MembershipWriter memberships,
            SyncRunWriter syncRuns) {
        this.pool = pool;
        this.entities = entities;
        this.memberships = memberships;
        this.syncRuns = syncRuns;
    }

    public Uni<Void> apply(InventoryBatch batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(s -> entities.upsert(s, batch.upserts(), InventoryTypes.SENSITIVE_FIELDS,
                        InventoryTypes.WITHOUT_HISTORY)
                .chain(() -> entities.delete(s, batch.deletions(), InventoryTypes.WITHOUT_HISTORY))
                .chain(() -> inOrder(batch.memberParts(), part -> memberships.apply(s, part)))
                .chain(() -> inOrder(batch.syncRuns(), run -> syncRuns.record(s, run).replaceWithVoid()))
                .chain(() -> syncRuns.countReceived(s, batch.receivedPerRun()))
                .replaceWithVoid());
    }

    private static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Void>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> step.apply(item))
                .collect().last().replaceWithVoid();
    }
}
