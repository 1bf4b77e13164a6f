package dev.canopy.connector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.canopy.connector.store.Db;
import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Connections, verification and syncs against the simulator, on the real broker and the real database. */
@QuarkusTest
class ConnectorFlowTest {
    private static final String SIM = System.getProperty("canopy.test.simulator.url");

    @Inject
    Db db;

    private static SimOrg org() {
        return SimState.generate(SimulatorConfig.testDefaults()).orgs().get(0);
    }

    private static String create(String token, String apiKey) {
        SimOrg org = org();
        String id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "acme", "orgId", org.id(), "orgApiKey", apiKey,
                        "adminBaseUrl", System.getProperty("canopy.test.simulator.url")))
                .post("/api/v1/connections").then().statusCode(201)
                .body("orgApiKey", equalTo("********")).body(not(containsString(apiKey)))
                .body("verification.status", oneOf("pending", "running"))
                .extract().path("id");
        awaitVerified(token, id);
        return id;
    }

    /** Verification is asynchronous: the connection once its verification completed. */
    private static JsonPath awaitVerified(String token, String id) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200).extract()
                    .jsonPath();
            return "complete".equals(last[0].getString("verification.status"));
        });
        return last[0];
    }

    private static String trigger(String token, String id, String mode) {
        return given().auth().oauth2(token).post("/api/v1/connections/" + id + "/syncs?mode=" + mode).then()
                .statusCode(202).extract().path("id");
    }

    private static JsonPath awaitFinished(String token, String runId) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/syncs/" + runId).then().statusCode(200).extract().jsonPath();
            return !Set.of("queued", "running").contains(last[0].getString("status"));
        });
        return last[0];
    }

    private static List<CanopyEvent<?>> runEvents(TestEvents events, String runId, int count) {
        return events.awaitRecords(Topics.INVENTORY.name(), r -> runId.equals(TestEvents.header(r, "ce_syncrunid")), count,
                Duration.ofSeconds(30)).stream().<CanopyEvent<?>>map(r -> EventCodec.decode(r.headers(), r.value())).toList();
    }

    private static void assertNoMoreThan(TestEvents events, String runId, int count) {
        assertThatThrownBy(() -> events.awaitRecords(Topics.INVENTORY.name(),
                (ConsumerRecord<String, byte[]> r) -> runId.equals(TestEvents.header(r, "ce_syncrunid")), count + 1,
                Duration.ofSeconds(3))).isInstanceOf(AssertionError.class);
    }

    @Test
    void wrongCredentialsGiveAClearConnectionStatus() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("wrong"));
        String id = create(token, "not-the-key");
        given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200)
                .body("status", equalTo("error")).body("lastError", containsString("401"))
                .body("verifiedAt", not(equalTo(null)))
                .body("verification.checks.find { it.capability == 'admin-users' }.ok", equalTo(false))
                .body("verification.checks.find { it.capability == 'admin-users' }.status", equalTo(401));
        // a re-verification is queued (202) and completes later with the same result
        given().auth().oauth2(token).post("/api/v1/connections/" + id + "/verify").then().statusCode(202)
                .body("verification.status", oneOf("pending", "running"));
        assertThat(awaitVerified(token, id).getString("status")).isEqualTo("error");
    }

    @Test
    void fullSyncEmitsEveryUserOnceAndAnIncrementalOverAnUnchangedOrgEmitsNone() {
        SimOrg org = org();
        String tenant = TestEvents.uniqueTenant("acme");
        String token = TestTokens.tenantAdmin(tenant);
        String id = create(token, org.apiKey());
        given().auth().oauth2(token).get("/api/v1/connections/" + id).then()
                .body("status", equalTo("connected"))
                .body("verification.checks.find { it.capability == 'admin-users' }.ok", equalTo(true));

        String full = trigger(token, id, "full");
        JsonPath run = awaitFinished(token, full);
        assertThat(run.getInt("metrics.requests")).isPositive();
        assertThat(run.getInt("metrics.entities.users")).isEqualTo(org.users().size());

        try (TestEvents events = new TestEvents()) {
            // the completed event tells how many events the run emitted: read exactly that many, and no more
            SyncRunCompletedData completed = events.awaitRecords(Topics.INVENTORY.name(),
                    r -> full.equals(TestEvents.header(r, "ce_syncrunid"))
                            && EventType.SYNC_RUN_COMPLETED.type().equals(TestEvents.header(r, "ce_type")), 1,
                    Duration.ofSeconds(30)).stream().map(r -> (SyncRunCompletedData) EventCodec.decode(r.headers(), r.value()).data())
                    .findFirst().orElseThrow();
            int expected = (int) completed.eventCounts().values().stream().mapToLong(Long::longValue).sum() + 2;
            List<CanopyEvent<?>> received = runEvents(events, full, expected);
            assertNoMoreThan(events, full, expected);
            List<String> userEvents = received.stream().filter(e -> e.type() == EventType.USER)
                    .map(e -> ((UserData) e.data()).accountId()).toList();
            assertThat(userEvents).containsExactlyInAnyOrderElementsOf(org.users().stream().map(u -> u.accountId()).toList());
            assertThat(received).allSatisfy(e -> {
                assertThat(e.tenantId()).isEqualTo(tenant);
                assertThat(e.connectionId()).isEqualTo(id);
            });
            assertThat(completed.eventCounts()).containsEntry("user", (long) org.users().size());
            assertThat(completed.status()).isEqualTo(run.getString("status"));

            String incremental = trigger(token, id, "incremental");
            awaitFinished(token, incremental);
            List<CanopyEvent<?>> again = runEvents(events, incremental, 2);
            assertNoMoreThan(events, incremental, 2);
            assertThat(again).extracting(CanopyEvent::type)
                    .containsExactlyInAnyOrder(EventType.SYNC_RUN_STARTED, EventType.SYNC_RUN_COMPLETED);
        }
        given().auth().oauth2(token).get("/api/v1/connections/" + id + "/syncs").then().statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void aConnectionLeasedElsewhereWaitsAndAnAbandonedRunIsFailedThenResumedWithoutDuplicates() {
        SimOrg org = org();
        String tenant = TestEvents.uniqueTenant("lease");
        String token = TestTokens.tenantAdmin(tenant);
        String id = create(token, org.apiKey());
        UUID connection = UUID.fromString(id);

        // another replica holds the lease: the queued run must not start
        db.update("update sync_lease set owner='other-replica', expires_at=now() + interval '1 hour' where connection_id=$1",
                Db.args(connection));
        String first = trigger(token, id, "full");
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                "queued".equals(given().auth().oauth2(token).get("/api/v1/syncs/" + first).then().extract().path("status")));
        assertThat(trigger(token, id, "incremental")).as("one active run per connection").isEqualTo(first);
        db.update("update sync_lease set expires_at=now() - interval '1 second' where connection_id=$1", Db.args(connection));
        assertThat(awaitFinished(token, first).getString("status")).isIn("succeeded", "partial");

        // a run whose replica died mid-way: still 'running', lease expired
        UUID dead = UUID.randomUUID();
        db.update("insert into sync_run (id, tenant_id, connection_id, mode, trigger, status, owner, requested_at, started_at) "
                + "values ($1, $2, $3, 'full', 'api', 'running', 'dead-replica', now(), now())", Db.args(dead, tenant, connection));
        db.update("update sync_lease set owner='dead-replica', run_id=$2, expires_at=now() - interval '1 second' "
                + "where connection_id=$1", Db.args(connection, dead));
        JsonPath abandoned = awaitFinished(token, dead.toString());
        assertThat(abandoned.getString("status")).isEqualTo("failed");
        assertThat(abandoned.getList("errors").toString()).contains("interrupted");

        String resumed = trigger(token, id, "full");
        awaitFinished(token, resumed);
        try (TestEvents events = new TestEvents()) {
            assertThat(runEvents(events, resumed, 2)).extracting(CanopyEvent::type)
                    .containsExactlyInAnyOrder(EventType.SYNC_RUN_STARTED, EventType.SYNC_RUN_COMPLETED);
            assertNoMoreThan(events, resumed, 2);
        }
    }

    @Test
    void anotherTenantCannotSeeOrSyncTheConnectionAndReadersCannotWrite() {
        String owner = TestEvents.uniqueTenant("owner");
        String id = create(TestTokens.tenantAdmin(owner), org().apiKey());
        String intruder = TestTokens.tenantAdmin(TestEvents.uniqueTenant("intruder"));
        given().auth().oauth2(intruder).get("/api/v1/connections/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(intruder).post("/api/v1/connections/" + id + "/syncs").then().statusCode(404);
        String run = trigger(TestTokens.tenantAdmin(owner), id, "incremental");
        given().auth().oauth2(intruder).get("/api/v1/syncs/" + run).then().statusCode(404);
        given().auth().oauth2(intruder).post("/api/v1/syncs/" + run + "/cancel").then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantReader(owner)).get("/api/v1/connections/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.tenantReader(owner)).post("/api/v1/connections/" + id + "/syncs").then().statusCode(403);
        given().auth().oauth2(TestTokens.tenantReader(owner)).get("/api/v1/connections").then().statusCode(403);
        awaitFinished(TestTokens.tenantAdmin(owner), run);
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        String token = TestTokens.tenantAdmin("t");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "x", "orgId", "o", "orgApiKey", "k", "adminBaseUrl", "ftp://nope"))
                .post("/api/v1/connections").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("adminBaseUrl"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "x", "orgId", "o", "orgApiKey", "k", "adminBaseUrl", SIM,
                        "sites", List.of(Map.of("url", "https://acme.atlassian.net", "adminEmail", "a@b.example"))))
                .post("/api/v1/connections").then().statusCode(400).body(containsString("sites[0].apiToken"));
        String id = create(token, "wrong-key-123");
        given().auth().oauth2(token).post("/api/v1/connections/" + id + "/syncs?mode=sideways").then().statusCode(400)
                .body(containsString("mode"));
    }

    @Test
    void requestLimitsAnswer400ProblemsNamingTheField() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("limits"));
        List<Map<String, Object>> sites = new java.util.ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            sites.add(Map.of("url", SIM + "/site/s" + i, "adminEmail", "a@b.example", "apiToken", "t"));
        }
        Map<String, Object> valid = Map.of("name", "x", "orgId", "o", "orgApiKey", "k", "adminBaseUrl", SIM);
        java.util.function.Function<Map<String, Object>, Map<String, Object>> with = extra -> {
            Map<String, Object> body = new java.util.HashMap<>(valid);
            body.putAll(extra);
            return body;
        };
        // 51 sites
        given().auth().oauth2(token).contentType("application/json").body(with.apply(Map.of("sites", sites)))
                .post("/api/v1/connections").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("sites"))
                .body("detail", containsString("at most 50 sites"));
        // 50 sites is the limit, not an error
        String fifty = given().auth().oauth2(token).contentType("application/json")
                .body(with.apply(Map.of("sites", sites.subList(0, 50)))).post("/api/v1/connections").then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(token).delete("/api/v1/connections/" + fifty).then().statusCode(204);
        // over-long name, id pattern, secret size, e-mail, interval bounds
        Map<String, String> cases = Map.of(
                "name", "n".repeat(201),
                "orgId", "org id with spaces",
                "orgApiKey", "k".repeat(4097));
        cases.forEach((field, value) -> given().auth().oauth2(token).contentType("application/json")
                .body(with.apply(Map.of(field, value))).post("/api/v1/connections").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field))
                .body(not(containsString(value))));
        given().auth().oauth2(token).contentType("application/json")
                .body(with.apply(Map.of("sites", List.of(Map.of("url", SIM + "/site/a", "adminEmail", "not-an-email",
                        "apiToken", "t"))))).post("/api/v1/connections").then().statusCode(400)
                .body("errors.field", hasItem("adminEmail"));
        given().auth().oauth2(token).contentType("application/json").body(with.apply(Map.of("fullIntervalMinutes", 1)))
                .post("/api/v1/connections").then().statusCode(400)
                .body("errors.field", hasItem("fullIntervalMinutes"));
    }

    @Test
    void siteCredentialsAreEncryptedMaskedAndCheckedPerCapability() {
        SimOrg org = org();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("sites"));
        String secret = "site-token-" + UUID.randomUUID();
        String id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "s", "orgId", org.id(), "orgApiKey", org.apiKey(), "adminBaseUrl", SIM,
                        "sites", List.of(Map.of("url", SIM + "/site/acme", "adminEmail", "admin@acme.example",
                                "apiToken", secret))))
                .post("/api/v1/connections").then().statusCode(201)
                .body("sites[0].apiToken", equalTo("********")).body(not(containsString(secret)))
                .extract().path("id");
        JsonPath verified = awaitVerified(token, id);
        assertThat(verified.getString("verification.checks.find { it.capability == 'confluence-content' }.site"))
                .isEqualTo(SIM + "/site/acme");
        List<String> stored = db.query("select api_token_enc from connection_site where connection_id=$1",
                Db.args(UUID.fromString(id)), r -> r.getString("api_token_enc"));
        assertThat(stored).singleElement().satisfies(s -> assertThat(s).startsWith("v2:k1:").doesNotContain(secret));
        // updating without the token keeps the stored one
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "renamed", "orgId", org.id(), "adminBaseUrl", SIM,
                        "sites", List.of(Map.of("url", SIM + "/site/acme", "adminEmail", "admin@acme.example"))))
                .put("/api/v1/connections/" + id).then().statusCode(200).body("name", equalTo("renamed"));
        assertThat(db.query("select api_token_enc from connection_site where connection_id=$1",
                Db.args(UUID.fromString(id)), r -> r.getString("api_token_enc"))).isEqualTo(stored);
    }
}
