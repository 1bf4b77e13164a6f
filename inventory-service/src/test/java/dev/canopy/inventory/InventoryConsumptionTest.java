package dev.canopy.inventory;

import static dev.canopy.inventory.Samples.T0;
import static dev.canopy.inventory.Samples.as;
import static dev.canopy.inventory.Samples.user;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.GroupData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Events on the real broker end up in the real database: idempotent, order-safe, with history and dead letters. */
@QuarkusTest
class InventoryConsumptionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Test
    void theSameEventTwiceChangesNothingTheSecondTime() {
        String tenant = TestEvents.uniqueTenant("idem");
        UserData u = user("u-1", "active", "Ana");
        events.send(tenant, T0, u);
        events.send(tenant, T0, u);
        events.send(tenant, T0.plusSeconds(10), u); // newer observation, same state: no change either
        events.send(tenant, T0.plusSeconds(20), user("u-marker", "active", "marker"));

        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/users").then().statusCode(200)
                .body("items.accountId", contains("u-1", "u-marker")));
        as(tenant).get("/api/v1/entities/user/u-1/history").then().statusCode(200)
                .body("items.change", contains("created"));
        as(tenant).get("/api/v1/entities/user/u-1").then().statusCode(200)
                .body("firstSeen", equalTo("2026-11-01T00:00:00.000000Z"))
                .body("lastChanged", equalTo("2026-11-01T00:00:00.000000Z"));
    }

    @Test
    void anOlderObservationNeverOverwritesANewerOne() {
        String tenant = TestEvents.uniqueTenant("order");
        events.send(tenant, T0.plusSeconds(60), user("u-1", "active", "New name"));
        events.send(tenant, T0, user("u-1", "suspended", "Old name"));
        events.send(tenant, T0.plusSeconds(30), user("u-marker", "active", "marker"));

        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/users").then().statusCode(200)
                .body("items", hasSize(2)));
        // one key, one partition: once the next event for u-1 is visible the old one was applied before it
        events.send(tenant, T0.plusSeconds(90), user("u-1", "active", "Newest name"));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/entities/user/u-1/history").then()
                .body("items.change", contains("updated", "created")));
        as(tenant).get("/api/v1/entities/user/u-1/history").then()
                .body("items[0].changedFields", contains("displayName"))
                // personal fields: only the name of the field, never its values
                .body("items[0].changes", not(hasKey("displayName")));
        as(tenant).queryParam("status", "suspended").get("/api/v1/users").then().body("items", empty());
    }

    @Test
    void historyRecordsWhatChangedWithOldAndNewValues() {
        String tenant = TestEvents.uniqueTenant("hist");
        events.send(tenant, T0, user("u-1", "active", "Ana"));
        // stored before the change is sent: two observations in one consumed batch are collapsed to the newer one
        // (InventoryBatch), which would leave a single "created" (seen when the partitions were still being assigned)
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/entities/user/u-1").then().statusCode(200));
        events.send(tenant, T0.plusSeconds(10), user("u-1", "suspended", "Ana"));

        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/entities/user/u-1/history").then()
                .statusCode(200).body("items.change", contains("updated", "created")));
        as(tenant).get("/api/v1/entities/user/u-1/history").then()
                .body("items[0].changedFields", contains("status"))
                .body("items[0].changes.status.old", equalTo("active"))
                .body("items[0].changes.status.new", equalTo("suspended"));
        as(tenant).get("/api/v1/entities/user/u-1").then().body("lastChanged", equalTo("2026-11-01T00:00:10.000000Z"));
        as(tenant).queryParam("limit", "1").get("/api/v1/entities/user/u-1/history").then()
                .body("items.change", contains("updated")).body("nextCursor", notNullValue());
    }

    @Test
    void deletionsAreSoftAndAnOlderStateDoesNotBringTheEntityBack() {
        String tenant = TestEvents.uniqueTenant("del");
        events.send(tenant, T0, user("u-1", "active", "Ana"));
        events.send(tenant, T0, new GroupData("g-1", "devs", null, null, 0L));
        events.send(tenant, T0.plusSeconds(10), new EntityDeletedData("user", "u-1", "removed from directory"));
        events.send(tenant, T0.plusSeconds(10), new EntityDeletedData("group", "g-1", "sweep"));
        events.send(tenant, T0.plusSeconds(5), user("u-1", "active", "Ana (stale)"));

        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/entities/user/u-1/history").then()
                .statusCode(200).body("items.change", contains("deleted", "created")));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/groups").then().body("items", empty()));
        as(tenant).get("/api/v1/users").then().body("items", empty());
        as(tenant).queryParam("includeDeleted", "true").get("/api/v1/users").then()
                .body("items.accountId", contains("u-1"))
                .body("items[0].deletedAt", equalTo("2026-11-01T00:00:10.000000Z"))
                .body("items[0].displayName", equalTo("Ana"));
        as(tenant).get("/api/v1/entities/user/u-1/history").then().body("items[0].changes.reason",
                equalTo("removed from directory"));

        events.send(tenant, T0.plusSeconds(20), user("u-1", "active", "Ana again"));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/users").then()
                .body("items.accountId", contains("u-1")).body("items[0].deletedAt", nullValue()));
        as(tenant).get("/api/v1/entities/user/u-1/history").then().body("items[0].change", equalTo("restored"));
    }

    @Test
    void aNewMemberSnapshotReplacesTheMembersAndAnOlderOneIsIgnored() {
        String tenant = TestEvents.uniqueTenant("members");
        for (String id : List.of("a", "b", "c", "d")) {
            events.send(tenant, T0, user(id, "active", id));
        }
        events.send(tenant, T0, new GroupData("g-1", "devs", null, null, 3L));
        events.send(tenant, T0, new GroupMembershipData("g-1", "snap-1", 0, 2, List.of("a", "b")));
        events.send(tenant, T0, new GroupMembershipData("g-1", "snap-1", 1, 2, List.of("c")));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).queryParam("group", "g-1").get("/api/v1/users").then()
                .body("items.accountId", contains("a", "b", "c")));

        events.send(tenant, T0.plusSeconds(60), new GroupMembershipData("g-1", "snap-2", 0, 2, List.of("b")));
        events.send(tenant, T0.plusSeconds(60), new GroupMembershipData("g-1", "snap-2", 1, 2, List.of("d")));
        // a redelivered part of the older snapshot arrives last
        events.send(tenant, T0, new GroupMembershipData("g-1", "snap-1", 1, 2, List.of("c")));
        events.send(tenant, T0.plusSeconds(61), new GroupData("g-1", "devs", null, null, 2L));

        await().atMost(WAIT).untilAsserted(() -> as(tenant).queryParam("group", "g-1").get("/api/v1/users").then()
                .body("items.accountId", contains("b", "d")));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> as(tenant).queryParam("group", "g-1")
                .get("/api/v1/users").then().body("items.accountId", contains("b", "d")));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/groups").then()
                .body("items[0].memberCount", equalTo(2)).body("items[0].membersKnown", equalTo(2)));
        as(tenant).get("/api/v1/entities/group/g-1/history").then()
                .body("items.findAll { it.change == 'members-changed' }.changes.removed[0]", containsInAnyOrder("a", "c"))
                .body("items.findAll { it.change == 'members-changed' }.changes.added[0]", contains("d"));
    }

    @Test
    void invalidEventsGoToTheDeadLetterTopicWithTheReasonAndTheRestIsStored() {
        String tenant = TestEvents.uniqueTenant("poison");
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.INVENTORY.name(), tenant + "/user/x",
                "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("ce_tenantid", tenant.getBytes(StandardCharsets.UTF_8));
        events.sendRaw(poison);
        events.send(tenant, T0, new EntityDeletedData("spaceship", "x-1", "gone"));
        // PostgreSQL refuses \u0000 in jsonb: the store rejects this one record, not its batch
        events.send(tenant, T0, user("u-nul", "active", "bad\u0000name"));
        events.send(tenant, T0, user("u-after-poison", "active", "Still here"));

        var dead = events.awaitRecords(Topics.INVENTORY_DLQ.name(),
                r -> tenant.equals(TestEvents.header(r, "ce_tenantid")), 3, WAIT);
        List<String> reasons = dead.stream().map(r -> TestEvents.header(r, "dead-letter-reason")).toList();
        org.assertj.core.api.Assertions.assertThat(reasons).anyMatch(r -> r.contains("not a CloudEvent"))
                .anyMatch(r -> r.contains("unknown entity type 'spaceship'"))
                .anyMatch(r -> r.contains("rejected by the inventory store"));
        await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/v1/users").then().statusCode(200)
                .body("items.accountId", contains("u-after-poison")));
    }
}
