package dev.canopy.inventory.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.SyncRunStartedData;
import dev.canopy.contracts.events.data.TeamMembershipData;
import dev.canopy.inventory.store.EntityChange;
import dev.canopy.inventory.store.EntityKey;
import dev.canopy.inventory.store.MemberPart;
import dev.canopy.inventory.store.RunEventCount;

/**
 * The valid events of one consumed batch sorted by how they are stored. Entity observations are collapsed to the
 * newest per entity (one row per entity per statement); member parts keep their order because a snapshot is applied
 * part by part.
 */
public final class InventoryBatch {
    private final Map<EntityKey, EntityChange> changes = new LinkedHashMap<>();
    private final List<MemberPart> memberParts = new ArrayList<>();
    private final List<CanopyEvent<?>> syncRuns = new ArrayList<>();
    /** Sorted so concurrent consumers update shared run counters in the same order (no deadlock). */
    private final Map<List<String>, Long> received = new TreeMap<>(Comparator.comparing(k -> String.join("\u0000", k)));
    private int events;

    /** Adds one decoded event; throws IllegalArgumentException when the event cannot be applied (dead letter). */
    public static void check(CanopyEvent<?> event) {
        InventoryTypes.misplaced(event.type()).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        if (event.data() instanceof EntityDeletedData d && InventoryTypes.entityType(d.entityType()).isEmpty()) {
            throw new IllegalArgumentException("entity-deleted names unknown entity type '" + d.entityType()
                    + "' (expected one of " + InventoryTypes.entityNames() + ")");
        }
    }

    public void add(CanopyEvent<?> event) {
        check(event);
        events++;
        String tenant = event.tenantId();
        if (event.syncRunId() != null) {
            received.merge(List.of(tenant, event.syncRunId(), event.type().entity()), 1L, Long::sum);
        }
        Object data = event.data();
        if (data instanceof EntityDeletedData d) {
            collapse(new EntityChange(new EntityKey(tenant, d.entityType(), d.entityId()), event.time(), null,
                    d.reason() == null ? "deleted" : d.reason()));
        } else if (data instanceof GroupMembershipData m) {
            memberParts.add(MemberPart.of(tenant, "group", m.groupId(), event.time(), m));
        } else if (data instanceof TeamMembershipData m) {
            memberParts.add(MemberPart.of(tenant, "team", m.teamId(), event.time(), m));
        } else if (data instanceof SyncRunStartedData || data instanceof SyncRunCompletedData) {
            syncRuns.add(event);
        } else if (InventoryTypes.ENTITIES.contains(event.type())) {
            collapse(new EntityChange(new EntityKey(tenant, event.type().entity(), event.data().entityId()),
                    event.time(), new String(EventCodec.toJson(data), StandardCharsets.UTF_8), null));
        } else {
            throw new IllegalArgumentException(event.type().type() + " is not an inventory entity");
        }
    }

    /** Keeps the newest observation per entity; of two as new, the later in the batch wins. */
    private void collapse(EntityChange change) {
        changes.merge(change.key(), change, (old, neu) -> neu.observedAt().isBefore(old.observedAt()) ? old : neu);
    }

    public List<EntityChange> upserts() {
        return changes.values().stream().filter(c -> !c.deletion()).toList();
    }

    public List<EntityChange> deletions() {
        return changes.values().stream().filter(EntityChange::deletion).toList();
    }

    public List<MemberPart> memberParts() {
        return memberParts;
    }

    public List<CanopyEvent<?>> syncRuns() {
        return syncRuns;
    }

    public Collection<RunEventCount> receivedPerRun() {
        return received.entrySet().stream()
                .map(e -> new RunEventCount(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()))
                .toList();
    }

    public int size() {
        return events;
    }

    public boolean isEmpty() {
        return events == 0;
    }
}
