package dev.canopy.inventory.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.inventory.domain.InventoryBatch;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Stores one batch of valid inventory events in a single transaction. */
@ApplicationScoped
public class InventoryApplier {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    EntityWriter entities;

    @Inject
    MembershipWriter memberships;

    @Inject
    SyncRunWriter syncRuns;

    public Uni<Void> apply(InventoryBatch batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.withTransaction(s -> entities.upsert(s, batch.upserts())
                .chain(() -> entities.delete(s, batch.deletions()))
                .chain(() -> inOrder(batch.memberParts(), part -> memberships.apply(s, part)))
                .chain(() -> inOrder(batch.syncRuns(), run -> syncRuns.record(s, run).replaceWithVoid()))
                .chain(() -> syncRuns.countReceived(s, batch.receivedPerRun()))
                .replaceWithVoid());
    }

    private static <T> Uni<Void> inOrder(List<T> items, java.util.function.Function<T, Uni<Void>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> step.apply(item))
                .collect().last().replaceWithVoid();
    }
}
