package dev.canopy.inventory;

import static dev.canopy.inventory.Samples.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/** A tenant sees its own inventory on every endpoint and nothing of another tenant's. */
@QuarkusTest
class TenantIsolationTest {
    @RegisterExtension
    static final TestEvents events = new TestEvents();
    private static String owner;
    private static String stranger;

    @BeforeAll
    static void seed() {
        owner = TestEvents.uniqueTenant("owner");
        stranger = TestEvents.uniqueTenant("stranger");
        Samples.everyType(events, owner);
    }

    private static void awaitOwnersInventory() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Samples.LISTS.keySet().forEach(list -> as(owner).get(list).then().statusCode(200).body("items", hasSize(1)));
            as(owner).get("/api/v1/overview").then().body("lastSyncs[0].status", equalTo("succeeded"))
                    .body("memberships.group", equalTo(1)).body("memberships.team", equalTo(1));
        });
    }

    @Test
    void everyListIsEmptyForAnotherTenant() {
        awaitOwnersInventory();
        Samples.LISTS.keySet().forEach(list -> {
            as(stranger).get(list).then().statusCode(200).body("items", empty());
            as(stranger).queryParam("includeDeleted", "true").get(list).then().statusCode(200).body("items", empty());
        });
        as(stranger).queryParam("group", "g-1").get("/api/v1/users").then().statusCode(200).body("items", empty());
        as(stranger).queryParam("team", "t-1").get("/api/v1/users").then().statusCode(200).body("items", empty());
    }

    @Test
    void everyEntityAndHistoryIsNotFoundForAnotherTenant() {
        awaitOwnersInventory();
        Samples.LISTS.values().forEach(path -> {
            as(owner).get("/api/v1/entities/" + path).then().statusCode(200);
            as(stranger).get("/api/v1/entities/" + path).then().statusCode(404).contentType("application/problem+json");
            as(stranger).get("/api/v1/entities/" + path + "/history").then().statusCode(404);
        });
        as(owner).get("/api/v1/users/u-1").then().statusCode(200).body("groups[0]", equalTo("g-1"))
                .body("teams[0]", equalTo("t-1"));
        as(stranger).get("/api/v1/users/u-1").then().statusCode(404);
        as(owner).get("/api/v1/entities/user/u-1/history").then().statusCode(200).body("items", not(empty()));
    }

    @Test
    void theOverviewCountsOnlyTheTenantsOwnInventory() {
        awaitOwnersInventory();
        as(owner).get("/api/v1/overview").then().statusCode(200).body("entities.user.live", equalTo(1))
                .body("lastSyncs[0].connectionId", equalTo("conn-1"));
        as(stranger).get("/api/v1/overview").then().statusCode(200).body("entities", anEmptyMap())
                .body("memberships", anEmptyMap()).body("lastSyncs", empty());
    }
}
