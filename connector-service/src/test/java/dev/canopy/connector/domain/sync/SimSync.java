package dev.canopy.connector.domain.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The shared simulator's control API and whole-org syncs through the service's REST API, for the sync tests. */
final class SimSync {
    static final String SIM = System.getProperty("canopy.test.simulator.url");

    private SimSync() {
    }

    /** One org of {@code /_sim/orgs}: id, adminApiKey, sites[{name, url, admin{email, apiToken}}]. */
    static Map<String, Object> org(int index) {
        return given().get(SIM + "/_sim/orgs").then().statusCode(200).extract().jsonPath().getMap("orgs[" + index + "]");
    }

    static Map<String, Integer> groundTruthCounts(String orgId) {
        return given().get(SIM + "/_sim/ground-truth?orgId=" + orgId).then().statusCode(200).extract().jsonPath()
                .getMap("counts");
    }

    static JsonPath groundTruth(String orgId) {
        return given().get(SIM + "/_sim/ground-truth?orgId=" + orgId).then().statusCode(200).extract().jsonPath();
    }

    /** A {@code /_sim/} control call; answers the response body. */
    static JsonPath control(String method, String path, Object body) {
        var spec = given().contentType(ContentType.JSON);
        if (body != null) {
            spec = spec.body(body);
        }
        var response = spec.request(method, SIM + path).then().extract();
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.asString()).isBetween(200, 299);
        return response.body().asString().isEmpty() ? null : response.jsonPath();
    }

    static String connect(String token, Map<String, Object> org) {
        return connect(token, org, Map.of());
    }

    /** A connection to the org with extra settings in the request body (e.g. {@code historyMaxVersions}). */
    @SuppressWarnings("unchecked")
    static String connect(String token, Map<String, Object> org, Map<String, Object> settings) {
        List<Map<String, Object>> sites = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) org.get("sites")) {
            Map<String, Object> admin = (Map<String, Object>) s.get("admin");
            sites.add(Map.of("url", s.get("url"), "adminEmail", admin.get("email"), "apiToken", admin.get("apiToken")));
        }
        Map<String, Object> body = new HashMap<>(Map.of("name", "org " + org.get("id"), "orgId", org.get("id"),
                "orgApiKey", org.get("adminApiKey"), "adminBaseUrl", SIM, "sites", sites));
        body.putAll(settings);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/connections")
                .then().statusCode(201).extract().path("id");
        // verification is asynchronous: wait for it, so that syncs start on a verified connection
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> "complete".equals(given().auth().oauth2(token)
                        .get("/api/v1/connections/" + id).then().statusCode(200).extract().path("verification.status")));
        return id;
    }

    static String trigger(String token, String connectionId, String mode) {
        return given().auth().oauth2(token).post("/api/v1/connections/" + connectionId + "/syncs?mode=" + mode).then()
                .statusCode(202).extract().path("id");
    }

    static JsonPath awaitFinished(String token, String runId, Duration atMost) {
        return awaitFinishedOrDiscarded(token, runId, atMost)
                .orElseThrow(() -> new AssertionError("run " + runId + " has no record (404)"));
    }

    /** Like {@link #awaitFinished}, but an idle poll drops its record when it ends: empty then. */
    static java.util.Optional<JsonPath> awaitFinishedOrDiscarded(String token, String runId, Duration atMost) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            var response = given().auth().oauth2(token).get("/api/v1/syncs/" + runId);
            if (response.statusCode() == 404) {
                last[0] = null;
                return true;
            }
            last[0] = response.then().statusCode(200).extract().jsonPath();
            return !Set.of("queued", "running").contains(last[0].getString("status"));
        });
        return java.util.Optional.ofNullable(last[0]);
    }

    /** A finished run's events, read exactly: the completed event's counts say how many, and no more may follow. */
    static RunEvents runEvents(TestEvents events, String runId) {
        return runEvents(events, List.of(runId)).get(runId);
    }

    /**
     * Several finished runs' events, each read exactly as {@link #runEvents(TestEvents, String)} does, with each topic
     * read once for all of them and one wait for extra events per topic instead of one per run and topic (a test of a
     * dozen runs spent a minute in those waits).
     */
    static Map<String, RunEvents> runEvents(TestEvents events, List<String> runIds) {
        Set<String> runs = Set.copyOf(runIds);
        Map<String, SyncRunCompletedData> completedOf = new HashMap<>();
        for (ConsumerRecord<String, byte[]> closing : events.awaitRecords(Topics.INVENTORY.name(),
                r -> runs.contains(TestEvents.header(r, "ce_syncrunid"))
                        && EventType.SYNC_RUN_COMPLETED.type().equals(TestEvents.header(r, "ce_type")), runs.size(),
                Duration.ofSeconds(30))) {
            completedOf.put(TestEvents.header(closing, "ce_syncrunid"),
                    (SyncRunCompletedData) EventCodec.decode(closing.headers(), closing.value()).data());
        }
        // per topic and run: how many events the completed event counted (started + completed; a poll announces
        // itself only by its completion)
        Map<String, Map<String, Integer>> expected = new HashMap<>();
        completedOf.forEach((run, completed) -> {
            expected.computeIfAbsent(Topics.INVENTORY.name(), t -> new HashMap<>()).put(run,
                    SyncModes.POLL.equals(completed.mode()) ? 1 : 2);
            completed.eventCounts().forEach((entity, n) -> expected.computeIfAbsent(entityType(entity).topic().name(),
                    t -> new HashMap<>()).merge(run, n.intValue(), Integer::sum));
        });
        Map<String, List<CanopyEvent<?>>> all = new HashMap<>();
        runIds.forEach(run -> all.put(run, new ArrayList<>()));
        for (var topic : expected.entrySet()) {
            int total = topic.getValue().values().stream().mapToInt(Integer::intValue).sum();
            List<ConsumerRecord<String, byte[]>> records = events.awaitRecords(topic.getKey(),
                    r -> runs.contains(TestEvents.header(r, "ce_syncrunid")), total, Duration.ofSeconds(60));
            Map<String, Integer> found = new HashMap<>();
            records.forEach(r -> found.merge(TestEvents.header(r, "ce_syncrunid"), 1, Integer::sum));
            topic.getValue().forEach((run, n) -> assertThat(found.getOrDefault(run, 0))
                    .as("events of run " + run + " on " + topic.getKey()).isEqualTo(n));
            records.forEach(r -> all.get(TestEvents.header(r, "ce_syncrunid")).add(EventCodec.decode(r.headers(), r.value())));
            assertThatThrownBy(() -> events.awaitRecords(topic.getKey(),
                    (ConsumerRecord<String, byte[]> r) -> runs.contains(TestEvents.header(r, "ce_syncrunid")), total + 1,
                    Duration.ofSeconds(2))).as("more events than the runs counted on " + topic.getKey())
                    .isInstanceOf(AssertionError.class);
        }
        Map<String, RunEvents> out = new HashMap<>();
        runIds.forEach(run -> out.put(run, new RunEvents(completedOf.get(run), all.get(run))));
        return out;
    }

    static EventType entityType(String entity) {
        for (EventType t : EventType.values()) {
            if (t.entity().equals(entity)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown entity type " + entity);
    }

    record RunEvents(SyncRunCompletedData completed, List<CanopyEvent<?>> events) {
        List<CanopyEvent<?>> of(EventType type) {
            return events.stream().filter(e -> e.type() == type).toList();
        }

        @SuppressWarnings("unchecked")
        <T> List<T> data(EventType type) {
            return of(type).stream().map(e -> (T) e.data()).toList();
        }
    }
}
