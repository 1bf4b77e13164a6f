package dev.canopy.findings;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.restassured.http.ContentType;

/** Sync runs sent to the real broker, and reading back findings over REST and from the findings topic. */
public final class FindingsTestSupport {
    private FindingsTestSupport() {
    }

    /** A sync run: every entity, then the completion (or the completion first, to mimic partition skew). */
    public static String syncRun(TestEvents events, String tenant, String mode, List<EntityData> entities,
            boolean completionFirst) {
        String runId = "run-" + UUID.randomUUID();
        Instant started = Instant.now();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EntityData e : entities) {
            counts.merge(EventType.of(e.getClass()).entity(), 1L, Long::sum);
        }
        var completed = new SyncRunCompletedData(runId, "test-connection", mode, "succeeded", started, Instant.now(),
                counts, counts, List.of());
        if (completionFirst) {
            events.send(tenant, Instant.now(), runId, completed);
        }
        for (EntityData e : entities) {
            events.send(tenant, Instant.now(), runId, e);
        }
        if (!completionFirst) {
            events.send(tenant, Instant.now(), runId, completed);
        }
        return runId;
    }

    public static void configureVendorAllowlist(String tenant) {
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("appVendorAllowlist", List.of(PostureFixtures.ALLOWED_VENDOR)))
                .put("/api/v1/posture/config/thresholds").then().statusCode(200);
    }

    public static boolean evaluated(String tenant, String runId) {
        List<Map<String, Object>> runs = given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/posture/evaluations").then().statusCode(200).extract().jsonPath().getList("$");
        return runs.stream().anyMatch(r -> runId.equals(r.get("runId")) && r.get("evaluatedAt") != null);
    }

    /** Every finding of the tenant (all pages) as REST summaries. */
    public static List<Map<String, Object>> findings(String tenant, String query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var req = given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("limit", 500);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            var body = req.get("/api/v1/findings" + (query == null ? "" : "?" + query)).then().statusCode(200)
                    .extract().jsonPath();
            all.addAll(body.getList("items"));
            cursor = body.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    public static Map<String, Object> findingOf(String tenant, String ruleId) {
        return findings(tenant, "rule=" + ruleId).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + ruleId + " finding for " + tenant));
    }

    /** OCSF records of the tenant on a findings topic, in topic order. */
    public static List<JsonNode> ocsfRecords(TestEvents events, String topic, String tenant, int atLeast) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : events.awaitRecords(topic,
                rec -> tenant.equals(TestEvents.header(rec, "ce_tenantid")), atLeast, Duration.ofSeconds(30))) {
            try {
                JsonNode n = EventJson.mapper().readTree(r.value());
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_key", r.key());
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_partition", r.partition());
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_offset", r.offset());
                out.add(n);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
