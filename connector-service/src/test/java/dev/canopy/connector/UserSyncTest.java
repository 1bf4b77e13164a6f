package dev.canopy.connector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserSyncTest {

    @Test
    void syncReadsTheDirectoryAndEmitsOneUserEventPerUser() {
        SimOrg org = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(0);
        String tenant = TestEvents.uniqueTenant("acme");
        String token = TestTokens.tenantAdmin(tenant);
        String id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "acme", "orgId", org.id(), "orgApiKey", org.apiKey(),
                        "adminBaseUrl", System.getProperty("canopy.test.simulator.url")))
                .post("/api/v1/connections").then().statusCode(201)
                .body("orgApiKey", equalTo("********")).body(not(containsString(org.apiKey())))
                .extract().path("id");

        int expected = Math.min(100, org.users().size());
        given().auth().oauth2(token).post("/api/v1/connections/" + id + "/syncs").then().statusCode(200)
                .body("users", equalTo(expected));

        try (TestEvents events = new TestEvents()) {
            List<CanopyEvent<?>> received = events.awaitEvents(Topics.INVENTORY.name(), tenant, expected, Duration.ofSeconds(30));
            assertThat(received).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.USER);
                assertThat(e.connectionId()).isEqualTo(id);
            });
            Set<String> ids = received.stream().map(e -> ((UserData) e.data()).accountId()).collect(Collectors.toSet());
            assertThat(ids).containsExactlyInAnyOrderElementsOf(
                    org.users().stream().limit(expected).map(u -> u.accountId()).toList());
        }
    }

    @Test
    void anotherTenantCannotSeeOrSyncTheConnection() {
        SimOrg org = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(0);
        String owner = TestEvents.uniqueTenant("owner");
        String id = given().auth().oauth2(TestTokens.tenantAdmin(owner)).contentType("application/json")
                .body(Map.of("name", "x", "orgId", org.id(), "orgApiKey", org.apiKey(),
                        "adminBaseUrl", System.getProperty("canopy.test.simulator.url")))
                .post("/api/v1/connections").then().statusCode(201).extract().path("id");
        String intruder = TestTokens.tenantAdmin(TestEvents.uniqueTenant("intruder"));
        given().auth().oauth2(intruder).get("/api/v1/connections/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(intruder).post("/api/v1/connections/" + id + "/syncs").then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantReader(owner)).get("/api/v1/connections").then().statusCode(403);
    }

    @Test
    void invalidConnectionsAreRejectedNamingTheField() {
        given().auth().oauth2(TestTokens.tenantAdmin("t")).contentType("application/json")
                .body(Map.of("name", "x", "orgId", "o", "orgApiKey", "k", "adminBaseUrl", "ftp://nope"))
                .post("/api/v1/connections").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("adminBaseUrl"));
    }
}
