package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.simulator.generate.AuditActivity;
import dev.canopy.simulator.model.SimEvent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Audit activity for threat detections, read over real HTTP: default noise plus one seeded instance of every risky
 * scenario, the control API appending scenarios that the next {@code events-stream} poll returns, and the ground
 * truth's detections checked against an independent evaluation of the documented windowed thresholds.
 */
class AuditActivityTest {
    @RegisterExtension
    static final RunningSimulator running = new RunningSimulator(Map.of());

    @Test
    void defaultGenerationHoldsNoiseAndEachSeededRiskyActionWithItsDetectionOnce() {
        SimOrg org = running.sim.state().orgs().get(0);
        List<JsonObject> events = stream(org, null).events();
        JsonArray detections = groundTruth(org).getJsonArray("detections");
        Map<String, Integer> perRule = new HashMap<>();
        detections.forEach(d -> perRule.merge(((JsonObject) d).getString("detectionId"), 1, Integer::sum));
        Map<String, Integer> expected = new HashMap<>();
        AuditActivity.SCENARIOS.values().forEach(id -> expected.put(id, 1));
        assertThat(perRule).isEqualTo(expected);

        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.getString("id")));
        for (Object o : detections) {
            JsonObject d = (JsonObject) o;
            assertThat(d.getJsonArray("eventIds")).isNotEmpty().allMatch(ids::contains);
        }
        // benign noise: sign-ins from two German cities, group changes, page edits, a few spread-out permission
        // changes and deletions, look-alike role grants, policy edits and app installs
        assertThat(count(events, e -> action(e).equals("user_login"))).isGreaterThan(40);
        assertThat(events.stream().map(e -> attrs(e).getJsonObject("location").getString("city")).filter(c -> c != null)
                .distinct()).contains("Berlin", "Munich");
        assertThat(count(events, e -> action(e).equals("page_updated"))).isGreaterThanOrEqualTo(30);
        assertThat(count(events, e -> action(e).equals("user_added_to_group"))).isGreaterThan(5);
        assertThat(count(events, e -> action(e).equals("space_permission_added") && !inDetection(e, detections))).isEqualTo(6);
        assertThat(count(events, e -> action(e).equals("page_trashed") && !inDetection(e, detections))).isEqualTo(6);
        assertThat(count(events, e -> action(e).equals("user_granted_role") && !inDetection(e, detections))).isEqualTo(4);
        assertThat(count(events, e -> action(e).equals("app_installed") && !inDetection(e, detections))).isEqualTo(1);

        // windowed rules, evaluated independently at the README thresholds: exactly the recorded detections fire
        assertThat(burstActors(events, Set.of("space_permission_added", "page_restriction_added"), 20))
                .isEqualTo(actors(detections, "permission-change-burst"));
        assertThat(burstActors(events, Set.of("page_trashed"), 25)).isEqualTo(actors(detections, "mass-deletion"));
        assertThat(travellers(events)).isEqualTo(actors(detections, "impossible-travel"));
    }

    @Test
    void everyScenarioTriggeredNowReachesTheNextStreamPollWithTheDocumentedShape() {
        SimOrg org = running.sim.state().orgs().get(1);
        Page first = stream(org, null);
        String cursor = first.next();
        int truthBefore = groundTruth(org).getJsonArray("detections").size();
        List<JsonObject> triggered = new ArrayList<>();
        for (Map.Entry<String, String> s : AuditActivity.SCENARIOS.entrySet()) {
            JsonObject answer = trigger(org, s.getKey(), "{}", 201);
            assertThat(answer.getString("detectionId")).isEqualTo(s.getValue());
            assertThat(answer.getJsonArray("detections").stream().map(d -> ((JsonObject) d).getString("detectionId")))
                    .containsExactly(s.getValue());
            triggered.add(answer);
        }
        List<String> expectedIds = new ArrayList<>();
        triggered.forEach(t -> t.getJsonArray("eventIds").forEach(id -> expectedIds.add((String) id)));
        Page next = stream(org, cursor);
        assertThat(next.events().stream().map(e -> e.getString("id")).toList()).isEqualTo(expectedIds);
        for (JsonObject e : next.events()) {
            assertShape(e);
        }
        JsonArray truth = groundTruth(org).getJsonArray("detections");
        assertThat(truth.size() - truthBefore).isEqualTo(AuditActivity.SCENARIOS.size());
        List<Object> added = truth.getList().subList(truthBefore, truth.size());
        for (int i = 0; i < triggered.size(); i++) {
            JsonObject d = JsonObject.mapFrom(added.get(i));
            assertThat(d.getString("detectionId")).isEqualTo(triggered.get(i).getString("detectionId"));
            assertThat(d.getJsonArray("eventIds")).isEqualTo(triggered.get(i).getJsonArray("eventIds"));
        }
        JsonObject burst = triggered.get(List.copyOf(AuditActivity.SCENARIOS.keySet()).indexOf("mass-deletion"));
        assertThat(burst.getJsonArray("eventIds")).hasSize(50);
        // the impersonation record carries the impersonated user and the message
        JsonObject impersonation = next.events().stream().filter(e -> action(e).equals("user_logged_in_as_user")).findFirst().orElseThrow();
        assertThat(impersonation.getJsonObject("message").getString("content")).startsWith("Logged in as ");
        assertThat(attrs(impersonation).getJsonArray("context").getJsonObject(0).getString("type")).isEqualTo("users");
        // impossible travel: one account, three countries
        assertThat(next.events().stream().filter(e -> action(e).equals("user_login"))
                .map(e -> attrs(e).getJsonObject("location").getString("countryName")).distinct()).hasSize(3);
    }

    @Test
    void theActorCanBeChosenAndAFirstTimeAdminActorAlsoRaisesFirstSeen() {
        // org 1: org 0 keeps its generated audit stream for the test above
        SimOrg org = running.sim.state().orgs().get(1);
        String member = org.users().stream().filter(u -> u.active() && u.managed() && u.platformRoles.isEmpty())
                .reduce((a, b) -> b).orElseThrow().accountId;
        JsonObject answer = trigger(org, "org-admin-granted", "{\"actorAccountId\":\"" + member + "\"}", 201);
        assertThat(answer.getJsonArray("detections").stream().map(d -> ((JsonObject) d).getString("detectionId")))
                .containsExactly("org-admin-granted", "first-seen-admin-actor");
        assertThat(answer.getJsonArray("detections").stream().map(d -> ((JsonObject) d).getString("actorAccountId")))
                .containsOnly(member);
        // the same account acting as admin again is no longer first-seen
        assertThat(trigger(org, "admin-role-granted", "{\"actorAccountId\":\"" + member + "\"}", 201)
                .getJsonArray("detections")).hasSize(1);
        assertThat(trigger(org, "no-such-scenario", "{}", 404).getString("error")).contains("unknown scenario");
        assertThat(trigger(org, "impersonation", "{\"actorAccountId\":\"nobody\"}", 404).getString("error")).contains("unknown user");
    }

    @Test
    void aBurstInTwoPartsIsOneDetectionOnceTheSecondPartCrossesTheThreshold() {
        SimOrg org = running.sim.state().orgs().get(1);
        String member = org.users().stream().filter(u -> u.active() && u.managed() && u.platformRoles.isEmpty())
                .findFirst().orElseThrow().accountId;
        String body = "{\"actorAccountId\":\"" + member + "\",\"events\":12}";
        JsonObject first = trigger(org, "permission-burst", body, 201);
        assertThat(first.getJsonArray("eventIds")).hasSize(12);
        assertThat(first.getJsonArray("detections")).as("12 of 20: below the threshold").isEmpty();
        JsonObject second = trigger(org, "permission-burst", body, 201);
        assertThat(second.getJsonArray("detections")).hasSize(1);
        JsonObject d = second.getJsonArray("detections").getJsonObject(0);
        assertThat(d.getString("detectionId")).isEqualTo("permission-change-burst");
        assertThat(d.getJsonArray("eventIds").getList()).hasSize(24).containsAll(first.getJsonArray("eventIds").getList());
        assertThat(trigger(org, "permission-burst", body, 201).getJsonArray("detections"))
                .as("more of the same burst: already reported").isEmpty();
        assertThat(trigger(org, "mass-deletion", "{\"events\":0}", 400).getString("error")).contains("between 1 and 500");
        // a whole burst or trip repeated within the window of the previous one is the same episode: reported once
        for (String scenario : List.of("mass-deletion", "impossible-travel")) {
            String actor = "{\"actorAccountId\":\"" + member + "\"}";
            assertThat(trigger(org, scenario, actor, 201).getJsonArray("detections")).isNotEmpty();
            assertThat(trigger(org, scenario, actor, 201).getJsonArray("detections")).as(scenario + " again").isEmpty();
        }
    }

    @Test
    void auditActivityIsDeterministicBySeed() {
        SimulatorConfig c = SimulatorConfig.testDefaults();
        SimOrg a = SimState.generate(c).orgs().get(0);
        SimOrg b = SimState.generate(c).orgs().get(0);
        assertThat(a.events).isEqualTo(b.events);
        assertThat(a.detections).isEqualTo(b.detections);
        SimOrg other = SimState.generate(c.withOverrides(Map.of("seed", "7"))).orgs().get(0);
        assertThat(other.events.stream().map(SimEvent::id).toList()).isNotEqualTo(a.events.stream().map(SimEvent::id).toList());
        assertThat(other.detections.stream().map(d -> d.detectionId()).sorted().toList())
                .isEqualTo(a.detections.stream().map(d -> d.detectionId()).sorted().toList());
    }

    private static void assertShape(JsonObject e) {
        assertThat(e.fieldNames()).contains("id", "type", "attributes", "links");
        assertThat(e.getString("type")).isEqualTo("events");
        JsonObject a = attrs(e);
        assertThat(a.fieldNames()).contains("time", "action", "actor", "context", "container", "location");
        Instant.parse(a.getString("time"));
        assertThat(a.getJsonObject("actor").fieldNames()).contains("id", "name", "email", "auth");
        assertThat(a.getJsonObject("actor").getString("id")).isNotBlank();
        JsonObject location = a.getJsonObject("location");
        assertThat(location.getString("ip")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(location.getString("countryName")).isNotBlank();
        assertThat(location.getString("city")).isNotBlank();
        assertThat(a.getJsonArray("context")).isNotEmpty().allSatisfy(c -> {
            JsonObject ctx = (JsonObject) c;
            assertThat(ctx.fieldNames()).contains("id", "type", "attributes");
        });
        JsonObject container = a.getJsonArray("container").getJsonObject(0);
        assertThat(container.getString("type")).isEqualTo("sites");
        assertThat(container.getJsonObject("attributes").fieldNames()).contains("siteName", "siteHostName");
    }

    /** Actors with at least {@code threshold} events of the actions within 10 minutes. */
    private static Set<String> burstActors(List<JsonObject> events, Set<String> actions, int threshold) {
        Map<String, List<Instant>> byActor = new HashMap<>();
        events.stream().filter(e -> actions.contains(action(e))).forEach(e -> byActor
                .computeIfAbsent(actor(e), k -> new ArrayList<>()).add(Instant.parse(attrs(e).getString("time"))));
        Set<String> out = new TreeSet<>();
        byActor.forEach((actor, times) -> {
            times.sort(null);
            for (int i = 0, j = 0; j < times.size(); j++) {
                while (Duration.between(times.get(i), times.get(j)).compareTo(Duration.ofMinutes(10)) > 0) {
                    i++;
                }
                if (j - i + 1 >= threshold) {
                    out.add(actor);
                }
            }
        });
        return out;
    }

    /** Accounts seen in two or more countries within 60 minutes. */
    private static Set<String> travellers(List<JsonObject> events) {
        Map<String, List<JsonObject>> byActor = new HashMap<>();
        events.forEach(e -> byActor.computeIfAbsent(actor(e), k -> new ArrayList<>()).add(e));
        Set<String> out = new TreeSet<>();
        byActor.forEach((actor, list) -> {
            for (JsonObject x : list) {
                for (JsonObject y : list) {
                    Duration gap = Duration.between(Instant.parse(attrs(x).getString("time")), Instant.parse(attrs(y).getString("time"))).abs();
                    if (gap.compareTo(Duration.ofMinutes(60)) <= 0 && !attrs(x).getJsonObject("location").getString("countryName")
                            .equals(attrs(y).getJsonObject("location").getString("countryName"))) {
                        out.add(actor);
                    }
                }
            }
        });
        return out;
    }

    private static Set<String> actors(JsonArray detections, String detectionId) {
        Set<String> out = new TreeSet<>();
        detections.forEach(d -> {
            if (((JsonObject) d).getString("detectionId").equals(detectionId)) {
                out.add(((JsonObject) d).getString("actorAccountId"));
            }
        });
        return out;
    }

    private static boolean inDetection(JsonObject e, JsonArray detections) {
        return detections.stream().anyMatch(d -> ((JsonObject) d).getJsonArray("eventIds").contains(e.getString("id")));
    }

    private static long count(List<JsonObject> events, Predicate<JsonObject> p) {
        return events.stream().filter(p).count();
    }

    private static JsonObject attrs(JsonObject e) {
        return e.getJsonObject("attributes");
    }

    private static String action(JsonObject e) {
        return attrs(e).getString("action");
    }

    private static String actor(JsonObject e) {
        return attrs(e).getJsonObject("actor").getString("id");
    }

    private static JsonObject groundTruth(SimOrg org) {
        return new JsonObject(running.client.raw(running.sim.baseUrl() + "/_sim/ground-truth?orgId=" + org.id).body());
    }

    private static JsonObject trigger(SimOrg org, String scenario, String body, int status) {
        var res = running.client.send(HttpRequest.newBuilder(URI.create(running.sim.baseUrl() + "/_sim/orgs/" + org.id
                + "/audit/" + scenario)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        return new JsonObject(res.body());
    }

    record Page(List<JsonObject> events, String next) {
    }

    /** Reads the events stream ascending to its end, from the cursor (or from the start), as the connector does. */
    private static Page stream(SimOrg org, String cursor) {
        List<JsonObject> out = new ArrayList<>();
        String c = cursor;
        for (int i = 0; i < 100; i++) {
            String path = "/admin/v1/orgs/" + org.id + "/events-stream?limit=200&sortOrder=asc"
                    + (c == null ? "" : "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8));
            JsonObject page = new JsonObject(running.client.admin(org, path).body());
            JsonArray data = page.getJsonArray("data");
            data.forEach(o -> out.add((JsonObject) o));
            c = page.getJsonObject("meta").getString("next");
            if (data.isEmpty() || page.getJsonObject("links").getString("next") == null) {
                return new Page(out, c);
            }
        }
        throw new AssertionError("events stream did not end");
    }
}
