package dev.canopy.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.standardwebhooks.Webhook;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.notifier.domain.DeliveryDispatcher;
import dev.canopy.testkit.OcsfFindings;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Findings on the real broker, jobs in the real database, webhooks to real HTTP receivers. */
@QuarkusTest
class WebhookDeliveryTest {
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final TestEvents events = new TestEvents();
    private static Receiver receiver;

    @Inject
    DeliveryDispatcher dispatcher;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    record Created(String id, String secret) {
    }

    static Created subscribe(String tenant, String url, Map<String, Object> filters) {
        Map<String, Object> body = new java.util.HashMap<>(filters);
        body.put("url", url);
        body.put("description", "test endpoint");
        JsonPath json = given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/webhooks/subscriptions").then().statusCode(201)
                .body("secret", startsWith("whsec_")).extract().jsonPath();
        return new Created(json.getString("subscription.id"), json.getString("secret"));
    }

    static void publish(String tenant, OcsfFinding f) {
        events.send(tenant, Instant.now(), f);
    }

    static JsonPath delivery(String tenant, String id) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/webhooks/deliveries/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> deliveries(String tenant, String subscriptionId) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("subscriptionId", subscriptionId)
                .get("/api/v1/webhooks/deliveries").then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** Verifies with the Standard Webhooks library and, independently, with javax.crypto. */
    static void assertSigned(Receiver.Request r, String secret) throws Exception {
        new Webhook(secret).verify(r.body(), Map.of("webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature"))));
        String expected = Signatures.v1(secret,
                r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body());
        assertThat(r.header("webhook-signature").split(" ")).contains(expected);
    }

    @Test
    void aReceiverThatFailsThenSucceedsGetsTheEventWithTheSameWebhookId() throws Exception {
        String tenant = TestEvents.uniqueTenant("retry");
        var endpoint = receiver.endpoint(Receiver.failTimesThenSucceed(2, 500));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        publish(tenant, OcsfFindings.posture(tenant, "f-retry", 4, "New", "ip-allowlist-missing"));

        await().atMost(WAIT).until(() -> endpoint.successful().size() == 1);
        List<Receiver.Request> got = endpoint.requests();
        assertThat(got).hasSize(3);
        assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly(got.get(0).header("webhook-id"))
                .first().asString().startsWith("msg_");
        for (Receiver.Request r : got) {
            assertSigned(r, sub.secret());
        }
        JsonPath body = JsonPath.from(got.get(2).body());
        assertThat(body.getString("type")).isEqualTo("finding.created");
        assertThat(body.getString("data.findingId")).isEqualTo("f-retry");
        assertThat(body.getString("data.kind")).isEqualTo("posture");
        assertThat(body.getString("data.links.finding")).endsWith("/api/v1/findings/f-retry");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(tenant, sub.id())).singleElement()
                .satisfies(d -> assertThat(d.get("state")).isEqualTo("delivered")));
        String deliveryId = (String) deliveries(tenant, sub.id()).get(0).get("id");
        JsonPath d = delivery(tenant, deliveryId);
        assertThat(d.getString("webhookId")).isEqualTo(got.get(0).header("webhook-id"));
        assertThat(d.getList("attempts.status", Integer.class)).containsExactly(500, 500, 204);
        assertThat(d.getInt("attemptCount")).isEqualTo(3);
        assertThat(d.getInt("lastLatencyMs")).isGreaterThanOrEqualTo(0);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id() + "/health")
                .then().statusCode(200).body("status", equalTo("healthy")).body("delivered", equalTo(1));
    }

    @Test
    void filtersChooseWhichFindingsAreSent() {
        String tenant = TestEvents.uniqueTenant("filters");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        subscribe(tenant, endpoint.url(), Map.of("kinds", List.of("dlp"), "minSeverityId", 4,
                "ruleIds", List.of("aws-access-key"), "states", List.of("New")));
        publish(tenant, OcsfFindings.posture(tenant, "f-posture", 5, "New", "aws-access-key")); // wrong kind
        publish(tenant, OcsfFindings.dlp(tenant, "f-low", 2, "New", "aws-access-key")); // too low
        publish(tenant, OcsfFindings.dlp(tenant, "f-rule", 5, "New", "email-address")); // other rule
        publish(tenant, OcsfFindings.dlp(tenant, "f-state", 5, "Resolved", "aws-access-key")); // other state
        publish(tenant, OcsfFindings.dlp(tenant, "f-match", 5, "New", "aws-access-key"));
        publish(TestEvents.uniqueTenant("someone-else"), OcsfFindings.dlp("x", "f-other-tenant", 5, "New", "aws-access-key"));

        await().atMost(WAIT).until(() -> endpoint.requests().size() >= 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        assertThat(JsonPath.from(endpoint.requests().get(0).body()).getString("data.findingId")).isEqualTo("f-match");
    }

    @Test
    void theSameEventConsumedTwiceIsDeliveredOnce() {
        String tenant = TestEvents.uniqueTenant("dedupe");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        var ce = EventCodec.encode("event-dup-1", tenant, "/canopy/test", null, null, Instant.now(),
                OcsfFindings.posture(tenant, "f-dup", 3, "New", "r-1"));
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(ce);
        events.sendRaw(record);
        events.sendRaw(EventCodec.toRecord(ce));

        await().atMost(WAIT).until(() -> endpoint.requests().size() >= 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        assertThat(deliveries(tenant, sub.id())).hasSize(1);
    }

    @Test
    void goneDisablesTheSubscriptionAndTellsTheTenant() {
        String tenant = TestEvents.uniqueTenant("gone");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(410));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        publish(tenant, OcsfFindings.posture(tenant, "f-gone", 3, "New", "r-1"));

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantAdmin(tenant))
                .get("/api/v1/webhooks/subscriptions/" + sub.id()).then().statusCode(200)
                .body("enabled", equalTo(false)).body("disabledReason", equalTo("endpoint answered 410 Gone")));
        var notice = events.awaitEvents(Topics.NOTICES.name(), tenant, 1, WAIT).get(0);
        assertThat(notice.type().entity()).isEqualTo("webhook-endpoint-disabled");
        assertThat(notice.data().entityId()).isEqualTo(sub.id());
        assertThat(endpoint.requests()).hasSize(1);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id() + "/health")
                .then().body("status", equalTo("disabled"));

        publish(tenant, OcsfFindings.posture(tenant, "f-after-gone", 3, "New", "r-1"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> endpoint.requests().size() == 1);
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsDeadLetteredAndCanBeReplayed() {
        String tenant = TestEvents.uniqueTenant("dead");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(503));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        Instant before = Instant.now();
        publish(tenant, OcsfFindings.posture(tenant, "f-dead-1", 3, "New", "r-1"));
        publish(tenant, OcsfFindings.posture(tenant, "f-dead-2", 3, "New", "r-1"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(tenant, sub.id())).hasSize(2)
                .allSatisfy(d -> assertThat(d.get("state")).isEqualTo("dead")));
        assertThat(endpoint.requests()).hasSize(8); // 4 attempts each (test schedule)
        var dlq = events.awaitRecords(Topics.NOTIFIER_DLQ.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid"))
                && "webhook-delivery".equals(TestEvents.header(r, "canopy-dead-letter-kind")), 2, WAIT);
        assertThat(TestEvents.header(dlq.get(0), "dead-letter-reason")).contains("no success after 4 attempts").contains("HTTP 503");
        assertThat(TestEvents.header(dlq.get(0), "webhook-id")).startsWith("msg_");

        endpoint.behave(call -> Receiver.Answer.status(200));
        // on a loaded machine the endpoint may have been failing longer than disable-after: enable it (idempotent)
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", endpoint.url(), "enabled", true)).put("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(200);
        List<Map<String, Object>> dead = deliveries(tenant, sub.id());
        String first = (String) dead.get(0).get("id");
        String webhookId = (String) dead.get(0).get("webhookId");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).post("/api/v1/webhooks/deliveries/" + first + "/replay")
                .then().statusCode(202);
        await().atMost(WAIT).until(() -> endpoint.successful().size() == 1);
        assertThat(endpoint.successful().get(0).header("webhook-id")).isEqualTo(webhookId);
        await().atMost(WAIT).until(() -> "delivered".equals(delivery(tenant, first).getString("state")));
        assertThat(delivery(tenant, first).getList("attempts")).hasSize(5);

        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).queryParam("since", before.toString())
                .post("/api/v1/webhooks/deliveries/replay").then().statusCode(200).body("replayed", equalTo(1));
        await().atMost(WAIT).until(() -> endpoint.successful().size() == 2);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).queryParam("since", "yesterday")
                .post("/api/v1/webhooks/deliveries/replay").then().statusCode(400).body("errors[0].field", equalTo("since"));
    }

    @Test
    void retryAfterIsHonoured() {
        String tenant = TestEvents.uniqueTenant("retry-after");
        var endpoint = receiver.endpoint(call -> call == 1
                ? new Receiver.Answer(429, Map.of("Retry-After", "2"), 0) : Receiver.Answer.status(200));
        subscribe(tenant, endpoint.url(), Map.of());
        publish(tenant, OcsfFindings.posture(tenant, "f-ra", 3, "New", "r-1"));

        await().atMost(WAIT).until(() -> endpoint.successful().size() == 1);
        List<Receiver.Request> got = endpoint.requests();
        long gapMillis = (got.get(1).receivedNanos() - got.get(0).receivedNanos()) / 1_000_000;
        assertThat(gapMillis).as("the test schedule would retry after 300 ms").isGreaterThanOrEqualTo(1900);
    }

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() {
        String tenant = TestEvents.uniqueTenant("isolation");
        var slow = receiver.endpoint(call -> new Receiver.Answer(200, Map.of(), 2500));
        var fast = receiver.endpoint(call -> Receiver.Answer.status(200));
        subscribe(tenant, slow.url(), Map.of());
        subscribe(tenant, fast.url(), Map.of());
        for (int i = 0; i < 30; i++) {
            publish(tenant, OcsfFindings.posture(tenant, "f-iso-" + i, 3, "New", "r-1"));
        }
        await().atMost(WAIT).until(() -> fast.requests().size() == 30);
        // the slow endpoint is capped at 8 requests in flight, 2.5 s each: it cannot have finished all 30 yet
        assertThat(slow.requests().size()).isLessThan(30);
        await().atMost(Duration.ofSeconds(60)).until(() -> slow.requests().size() == 30);
    }

    @Test
    void rotationSignsWithBothSecretsAndTheNewOneIsShownOnce() throws Exception {
        String tenant = TestEvents.uniqueTenant("rotate");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        String newSecret = given().auth().oauth2(TestTokens.tenantAdmin(tenant))
                .post("/api/v1/webhooks/subscriptions/" + sub.id() + "/rotate-secret").then().statusCode(200)
                .body("previousSecretValidUntil", notNullValue()).extract().path("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(sub.secret());
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(200).body("secret", nullValue()).body("previousSecretValidUntil", notNullValue());

        publish(tenant, OcsfFindings.posture(tenant, "f-rot", 3, "New", "r-1"));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        Receiver.Request r = endpoint.requests().get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        assertSigned(r, newSecret);
        assertSigned(r, sub.secret());
    }

    @Test
    void theTestSendEndpointDeliversASignedTestEvent() throws Exception {
        String tenant = TestEvents.uniqueTenant("test-send");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        String deliveryId = given().auth().oauth2(TestTokens.tenantAdmin(tenant))
                .post("/api/v1/webhooks/subscriptions/" + sub.id() + "/test").then().statusCode(202)
                .body("webhookId", startsWith("msg_")).extract().path("deliveryId");
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
        assertSigned(endpoint.requests().get(0), sub.secret());
        assertThat(JsonPath.from(endpoint.requests().get(0).body()).getString("type")).isEqualTo("webhook.test");
        await().atMost(WAIT).until(() -> "delivered".equals(delivery(tenant, deliveryId).getString("state")));
    }

    @Test
    void pendingRetriesSurviveAHaltedDispatcher() {
        String tenant = TestEvents.uniqueTenant("restart");
        var endpoint = receiver.endpoint(Receiver.failTimesThenSucceed(1, 500));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        publish(tenant, OcsfFindings.posture(tenant, "f-restart-1", 3, "New", "r-1"));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);

        dispatcher.halt(); // as if the process died: in-flight and queued jobs keep their leases, nothing is written
        try {
            publish(tenant, OcsfFindings.posture(tenant, "f-restart-2", 3, "New", "r-1")); // stored while no one sends
            await().atMost(WAIT).until(() -> deliveries(tenant, sub.id()).size() == 2);
            assertThat(deliveries(tenant, sub.id())).allSatisfy(d -> assertThat(d.get("state")).isEqualTo("pending"));
        } finally {
            dispatcher.start();
        }
        await().atMost(WAIT).until(() -> endpoint.successful().size() == 2);
        assertThat(endpoint.successful()).extracting(r -> JsonPath.from(r.body()).getString("data.findingId"))
                .containsExactlyInAnyOrder("f-restart-1", "f-restart-2");
        String firstId = endpoint.requests().get(0).header("webhook-id");
        assertThat(endpoint.requests()).filteredOn(r -> firstId.equals(r.header("webhook-id"))).hasSize(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(tenant, sub.id()))
                .allSatisfy(d -> assertThat(d.get("state")).isEqualTo("delivered")));
    }

    @Test
    void anEndpointFailingForTooLongIsDisabledAndTheTenantTold() {
        String tenant = TestEvents.uniqueTenant("failing");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(500));
        Created sub = subscribe(tenant, endpoint.url(), Map.of());
        publish(tenant, OcsfFindings.posture(tenant, "f-fail-1", 3, "New", "r-1"));
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 4);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id() + "/health")
                .then().body("status", equalTo("failing")).body("failingSince", notNullValue());
        await().pollDelay(Duration.ofMillis(6500)).atMost(WAIT).until(() -> true); // disable-after is 6 s in tests
        publish(tenant, OcsfFindings.posture(tenant, "f-fail-2", 3, "New", "r-1"));

        var notice = events.awaitEvents(Topics.NOTICES.name(), tenant, 1, WAIT).get(0);
        assertThat(notice.data().entityId()).isEqualTo(sub.id());
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().body("enabled", equalTo(false)).body("disabledReason", startsWith("endpoint failing since"));

        // enabling again clears the failure history
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", endpoint.url(), "enabled", true)).put("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(200).body("enabled", equalTo(true)).body("disabledReason", nullValue());
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndConsumptionContinues() {
        String tenant = TestEvents.uniqueTenant("poison");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        subscribe(tenant, endpoint.url(), Map.of());
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.FINDINGS.name(), tenant + "/finding/x",
                "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("ce_tenantid", tenant.getBytes(StandardCharsets.UTF_8));
        events.sendRaw(poison);
        publish(tenant, OcsfFindings.posture(tenant, "f-after-poison", 3, "New", "r-1"));

        events.awaitRecords(Topics.NOTIFIER_DLQ.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid"))
                && TestEvents.header(r, "dead-letter-reason").contains("not a CloudEvent"), 1, WAIT);
        await().atMost(WAIT).until(() -> endpoint.requests().size() == 1);
    }

    @Test
    void subscriptionsAreCheckedScopedAndNeverShowTheSecretAgain() {
        String tenant = TestEvents.uniqueTenant("rest");
        String other = TestEvents.uniqueTenant("rest-other");
        var endpoint = receiver.endpoint(call -> Receiver.Answer.status(200));
        Created sub = subscribe(tenant, endpoint.url(), Map.of("kinds", List.of("posture")));

        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].secret", nullValue()).body("[0].filters.kinds[0]", equalTo("posture"));
        given().auth().oauth2(TestTokens.tenantAdmin(other)).get("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tenantAdmin(other)).post("/api/v1/webhooks/subscriptions/" + sub.id() + "/rotate-secret")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantReader(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", endpoint.url())).post("/api/v1/webhooks/subscriptions").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("url", endpoint.url()))
                .post("/api/v1/webhooks/subscriptions").then().statusCode(401);

        // cloud metadata stays refused even where local targets are allowed
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "http://169.254.169.254/latest/meta-data/")).post("/api/v1/webhooks/subscriptions")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("url"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "ftp://example.com/x")).post("/api/v1/webhooks/subscriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", endpoint.url(), "kinds", Set.of("malware"))).post("/api/v1/webhooks/subscriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("kinds"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("state", "lost")
                .get("/api/v1/webhooks/deliveries").then().statusCode(400).body("errors[0].field", equalTo("state"));
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).delete("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/webhooks/subscriptions/" + sub.id())
                .then().statusCode(404);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        // on the management port (the API port serves no /q path: see attack/ManagementExposureAttackTest)
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200);
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200);
        given().port(management.getPort()).get("/q/openapi").then().statusCode(200);
    }
}
