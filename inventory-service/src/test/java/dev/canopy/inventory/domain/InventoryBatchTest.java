package dev.canopy.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.inventory.store.MemberPart;
import dev.canopy.inventory.store.RunEventCount;

class InventoryBatchTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static CanopyEvent<?> event(String tenant, Instant time, String runId, EntityData data) {
        return EventCodec.decode(EventCodec.encode(tenant, "/test", "c", runId, time, data));
    }

    private static UserData user(String id, String name) {
        return new UserData(id, null, name, "active", null, null, null, null, List.of(), null, null);
    }

    @Test
    void observationsOfOneEntityCollapseToTheNewest() {
        InventoryBatch batch = new InventoryBatch();
        batch.add(event("t", T0.plusSeconds(5), null, user("u", "newest")));
        batch.add(event("t", T0, null, user("u", "older, arrived later")));
        batch.add(event("other", T0, null, user("u", "other tenant")));
        assertThat(batch.upserts()).hasSize(2);
        assertThat(batch.upserts().get(0).dataJson()).contains("newest");
        assertThat(batch.size()).isEqualTo(3);
    }

    @Test
    void aNewerDeletionReplacesAnUpsertOfTheSameEntityAndAnOlderOneDoesNot() {
        InventoryBatch batch = new InventoryBatch();
        batch.add(event("t", T0, null, user("u", "a")));
        batch.add(event("t", T0.plusSeconds(1), null, new EntityDeletedData("user", "u", "gone")));
        batch.add(event("t", T0.plusSeconds(9), null, user("v", "b")));
        batch.add(event("t", T0, null, new EntityDeletedData("user", "v", "stale")));
        assertThat(batch.deletions()).extracting(c -> c.key().entityId()).containsExactly("u");
        assertThat(batch.upserts()).extracting(c -> c.key().entityId()).containsExactly("v");
    }

    @Test
    void memberPartsKeepTheirOrderAndRunEventsAreCounted() {
        InventoryBatch batch = new InventoryBatch();
        batch.add(event("t", T0, "run-1", new GroupMembershipData("g", "s", 0, 2, List.of("a"))));
        batch.add(event("t", T0, "run-1", new GroupMembershipData("g", "s", 1, 2, List.of("b"))));
        batch.add(event("t", T0, "run-1", user("a", "a")));
        assertThat(batch.memberParts()).extracting(MemberPart::lastPart).containsExactly(false, true);
        assertThat(batch.receivedPerRun()).containsExactly(new RunEventCount("t", "run-1", "group-membership", 2),
                new RunEventCount("t", "run-1", "user", 1));
    }

    @Test
    void eventsThatCannotBeAppliedAreRefusedWithTheReason() {
        InventoryBatch batch = new InventoryBatch();
        assertThatThrownBy(() -> batch.add(event("t", T0, null, new ContentDeletedData("s", "c", "page", "trashed"))))
                .hasMessageContaining("belongs on canopy.content.v1");
        assertThatThrownBy(() -> batch.add(event("t", T0, null, new EntityDeletedData("planet", "p", null))))
                .hasMessageContaining("unknown entity type 'planet'");
        assertThat(batch.isEmpty()).isTrue();
    }
}
