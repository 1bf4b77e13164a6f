package dev.canopy.connector.domain.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A secret removed by editing a page stays in the page history: the incremental run that sees the edit emits the
 * version it left behind as its own historical item, exactly once, and the full run after that version was deleted
 * from the history reports it deleted.
 */
@QuarkusTest
class PageHistorySyncTest {
    private static final int ORG = 1;

    @Test
    void aVersionLeftBehindByAnEditIsScannedOnceAndReportedDeletedWhenPurged() {
        Map<String, Object> org = SimSync.org(ORG);
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite site = state.sites.values().stream().filter(s -> s.products.contains("confluence")).findFirst().orElseThrow();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("history"));
        String connection = SimSync.connect(token, org);
        assertThat(SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120))
                .getList("errors")).isEmpty();

        long pageId = SimSync.control("POST", "/_sim/sites/" + site.name + "/pages",
                Map.of("title", "History probe", "body", "<p>runbook</p>")).getLong("id");
        String secret = SimSync.control("POST", "/_sim/sites/" + site.name + "/content/" + pageId + "/secrets",
                Map.of("detector", "github-pat")).getString("value");
        SimSync.control("POST", "/_sim/sites/" + site.name + "/content/" + pageId + "/secrets/remove", Map.of("value", secret));
        String old = site.name + ":" + pageId + "@v2";

        try (TestEvents events = new TestEvents()) {
            String incremental = SimSync.trigger(token, connection, "incremental");
            assertThat(SimSync.awaitFinished(token, incremental, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            List<ContentData> content = SimSync.runEvents(events, incremental).data(EventType.CONTENT);
            ContentData current = content.stream().filter(c -> c.entityId().equals(site.name + ":" + pageId)).findFirst()
                    .orElseThrow();
            assertThat(current.version()).isEqualTo(3);
            assertThat(current.text()).doesNotContain(secret);
            List<ContentData> historical = content.stream().filter(ContentData::historical).toList();
            assertThat(historical).extracting(ContentData::entityId).containsExactlyInAnyOrder(old, site.name + ":" + pageId + "@v1");
            ContentData v2 = historical.stream().filter(c -> c.entityId().equals(old)).findFirst().orElseThrow();
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.text()).contains(secret);
            assertThat(v2.lastModified()).isNotNull();

            String again = SimSync.trigger(token, connection, "full");
            SimSync.awaitFinished(token, again, Duration.ofSeconds(120));
            assertThat(SimSync.runEvents(events, again).data(EventType.CONTENT).stream()
                    .filter(c -> ((ContentData) c).historical()).toList()).as("a kept version is read once").isEmpty();

            SimSync.control("DELETE", "/_sim/sites/" + site.name + "/content/" + pageId + "/versions/2", null);
            String full = SimSync.trigger(token, connection, "full");
            assertThat(SimSync.awaitFinished(token, full, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            List<ContentDeletedData> deleted = SimSync.runEvents(events, full).data(EventType.CONTENT_DELETED);
            assertThat(deleted).extracting(d -> d.siteId() + ":" + d.contentId()).containsExactly(old);
        }
    }

    /** A tenant bounds the history scan per connection: 0 switches it off; values outside 0..500 are refused. */
    @Test
    void aConnectionCanSwitchThePageHistoryScanOff() {
        Map<String, Object> org = SimSync.org(ORG);
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("history-off"));
        String connection = SimSync.connect(token, org, Map.of("historyMaxVersions", 0));
        given().auth().oauth2(token).get("/api/v1/connections/" + connection).then().statusCode(200)
                .body("historyMaxVersions", equalTo(0));
        try (TestEvents events = new TestEvents()) {
            String full = SimSync.trigger(token, connection, "full");
            assertThat(SimSync.awaitFinished(token, full, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            List<ContentData> content = SimSync.runEvents(events, full).data(EventType.CONTENT);
            assertThat(content).isNotEmpty().noneMatch(ContentData::historical);
        }
        for (int bad : new int[] {-1, 501}) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "x", "orgId", String.valueOf(org.get("id")),
                    "orgApiKey", "k", "historyMaxVersions", bad));
            given().auth().oauth2(token).contentType(io.restassured.http.ContentType.JSON).body(body)
                    .post("/api/v1/connections").then().statusCode(400);
        }
    }
}
