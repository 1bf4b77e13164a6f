package dev.canopy.findings.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.findings.domain.PostureEvaluation;
import dev.canopy.findings.store.PostureInputStore;
import dev.canopy.findings.store.SyncRunStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Builds the posture store from inventory events (one transaction per record) and triggers evaluations. A record
 * that cannot be decoded or applied fails and goes to the dead-letter topic with the reason; the consumer goes on.
 * An evaluation failure does not fail the record: the run stays pending and the scheduler retries it.
 */
@ApplicationScoped
public class InventoryEventConsumer {
    private static final Logger LOG = Logger.getLogger(InventoryEventConsumer.class);

    @Inject
    Pool db;

    @Inject
    PostureInputStore inputs;

    @Inject
    SyncRunStore runs;

    @Inject
    PostureEvaluation evaluation;

    /** What applying an event calls for afterwards. */
    private enum Next {
        NOTHING, EVALUATE_CHANGE, CHECK_RUN
    }

    @Incoming("inventory-in")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CanopyEvent<?> event = EventCodec.decode(record.headers(), record.value());
        return db.withTransaction(s -> apply(s, event))
                .chain(next -> afterApply(event, next).onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "posture evaluation of tenant %s after event %s failed; a later run or the "
                            + "scheduler will retry", event.tenantId(), event.id());
                    return null;
                }));
    }

    private Uni<Void> afterApply(CanopyEvent<?> event, Next next) {
        return switch (next) {
            case NOTHING -> Uni.createFrom().voidItem();
            case EVALUATE_CHANGE -> evaluation.evaluateAfterChange(event.tenantId());
            case CHECK_RUN -> evaluation.evaluateRunIfComplete(event.tenantId(), runIdOf(event), false).replaceWithVoid();
        };
    }

    private Uni<Next> apply(SqlClient s, CanopyEvent<?> e) {
        Uni<Boolean> changed;
        if (e.type() == EventType.SYNC_RUN_COMPLETED) {
            return runs.recordCompleted(s, e.tenantId(), (SyncRunCompletedData) e.data(), Instant.now())
                    .replaceWith(Next.CHECK_RUN);
        } else if (PostureInputStore.POSTURE_TYPES.contains(e.type())) {
            changed = inputs.upsert(s, e.tenantId(), e.type(), e.data(), e.time(), e.syncRunId());
        } else if (e.type() == EventType.ENTITY_DELETED) {
            EntityDeletedData d = (EntityDeletedData) e.data();
            changed = isPostureEntity(d.entityType())
                    ? inputs.markDeleted(s, e.tenantId(), d.entityType(), d.entityId(), e.time())
                    : Uni.createFrom().item(false);
        } else {
            changed = Uni.createFrom().item(false);
        }
        if (e.syncRunId() == null) {
            return changed.map(c -> c ? Next.EVALUATE_CHANGE : Next.NOTHING);
        }
        // inside a run: count the event, then evaluate once the run's completion arrived and nothing is missing
        return changed.chain(() -> runs.recordEvent(s, e.tenantId(), e.syncRunId(), e.id(), e.type().entity()))
                .chain(() -> runs.pending(s, e.tenantId(), e.syncRunId()))
                .map(pending -> pending.isPresent() ? Next.CHECK_RUN : Next.NOTHING);
    }

    private static String runIdOf(CanopyEvent<?> e) {
        return e.type() == EventType.SYNC_RUN_COMPLETED ? ((SyncRunCompletedData) e.data()).runId() : e.syncRunId();
    }

    private static boolean isPostureEntity(String entityType) {
        return PostureInputStore.POSTURE_TYPES.stream().anyMatch(p -> p.entity().equals(entityType));
    }
}
