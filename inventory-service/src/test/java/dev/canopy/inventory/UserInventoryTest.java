package dev.canopy.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

import static org.awaitility.Awaitility.await;

@QuarkusTest
class UserInventoryTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static TestEvents events;

    @BeforeAll
    static void connect() {
        events = new TestEvents();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static UserData user(String id, String status, String name) {
        return new UserData(id, id + "@acme.example", name, status, "active", "atlassian", true, true, List.of(),
                T0, T0);
    }

    @Test
    void userEventsBecomeTheTenantsInventoryAndNoOneElses() {
        String tenant = TestEvents.uniqueTenant("acme");
        String other = TestEvents.uniqueTenant("globex");
        events.send(tenant, T0, user("u-1", "active", "Ana"));
        events.send(tenant, T0, user("u-2", "suspended", "Bo"));
        events.send(other, T0, user("u-9", "active", "Eve"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/users").then().statusCode(200).body("items.accountId", contains("u-1", "u-2")));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("status", "suspended")
                .get("/api/v1/users").then().statusCode(200).body("items.accountId", contains("u-2"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(other))
                .get("/api/v1/users").then().statusCode(200).body("items.accountId", contains("u-9")));
        String stranger = TestEvents.uniqueTenant("nobody");
        given().auth().oauth2(TestTokens.tenantReader(stranger)).get("/api/v1/users")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void anOlderObservationNeverOverwritesANewerOne() {
        String tenant = TestEvents.uniqueTenant("order");
        events.send(tenant, T0.plusSeconds(60), user("u-1", "active", "New name"));
        events.send(tenant, T0, user("u-1", "suspended", "Old name"));
        events.send(tenant, T0.plusSeconds(30), user("u-marker", "active", "marker"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/users").then().statusCode(200).body("items", hasSize(2)));
        // same partition order is only per key, so wait a little longer for u-1's old event to have been applied
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/users")
                        .then().body("items[0].displayName", equalTo("New name")).body("items[0].status", equalTo("active")));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndConsumptionContinues() {
        String tenant = TestEvents.uniqueTenant("poison");
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.INVENTORY.name(), tenant + "/user/x",
                "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("ce_tenantid", tenant.getBytes(StandardCharsets.UTF_8));
        events.sendRaw(poison);
        events.send(tenant, T0, user("u-after-poison", "active", "Still here"));

        events.awaitRecords(Topics.INVENTORY_DLQ.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid"))
                && TestEvents.header(r, "dead-letter-reason").contains("not a CloudEvent"), 1, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/users").then().statusCode(200).body("items.accountId", contains("u-after-poison")));
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedWithProblemJson() {
        given().get("/api/v1/users").then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByStranger("acme")).get("/api/v1/users").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("acme", "some-other-role")).get("/api/v1/users").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tenantReader("acme")).queryParam("limit", "0").get("/api/v1/users")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
