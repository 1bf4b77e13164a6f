package dev.canopy.connector.domain.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Continuous detection: a poll asks one change search per Confluence site and the audit stream; when nothing changed
 * it costs exactly those requests, emits nothing and leaves no run behind; when content changed it emits exactly the
 * new versions (like an incremental run would) and announces itself with a sync-run-completed of mode poll.
 */
@QuarkusTest
class ContinuousPollingTest {
    /** Org 1 is shared with MutationSyncTest and ContentChangeRaceTest; this test starts from its own full sync. */
    private static final int ORG = 1;

    @Inject
    MeterRegistry registry;
    @Inject
    ConnectionStore connections;

    @Test
    void aPollCostsOneRequestPerSiteWhenIdleAndEmitsExactlyTheEditsWhenNot() {
        Map<String, Object> org = SimSync.org(ORG);
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite site = state.sites.values().iterator().next();
        List<SimContent> pages = site.content.values().stream()
                .filter(c -> c.kind == ContentKind.PAGE && "current".equals(c.status)).toList();
        List<SimContent> posts = site.content.values().stream()
                .filter(c -> c.kind == ContentKind.BLOGPOST && "current".equals(c.status)).toList();
        int confluenceSites = (int) state.sites.values().stream().filter(s -> s.products.contains("confluence")).count();
        int jiraSites = (int) state.sites.values().stream().filter(s -> s.products.contains("jira")).count();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("poll"));
        String connection = SimSync.connect(token, org);
        assertThat(SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120))
                .getList("errors")).isEmpty();

        try (TestEvents events = new TestEvents()) {
            long before = idlePolls();
            double requestsBefore = idleRequests();
            String idle = SimSync.trigger(token, connection, SyncModes.POLL);
            awaitDiscarded(token, idle);
            assertThat(idlePolls() - before).as("the poll over an unchanged org was idle").isEqualTo(1);
            assertThat(idleRequests() - requestsBefore).as("an idle poll: one change search per Confluence site, one "
                    + "JQL search per Jira site + the audit stream").isEqualTo(confluenceSites + jiraSites + 1);
            assertThat(given().auth().oauth2(token).get("/api/v1/connections/" + connection).then().statusCode(200)
                    .extract().<String>path("lastPolledAt")).as("the connection shows when it was polled").isNotNull();

            SimContent page = pages.get(pages.size() - 1);
            SimContent post = posts.get(posts.size() - 1);
            int pageVersion = SimSync.control("PUT", "/_sim/sites/" + site.name + "/content/" + page.id,
                    Map.of("body", "<p>edited for the poll: AKIAQWERTYUIOPASDFGH1</p>")).getInt("version");
            int postVersion = SimSync.control("PUT", "/_sim/sites/" + site.name + "/content/" + post.id,
                    Map.of("body", "<p>blog post edited for the poll</p>")).getInt("version");

            String changed = SimSync.trigger(token, connection, SyncModes.POLL);
            assertThat(SimSync.awaitFinished(token, changed, Duration.ofSeconds(60)).getList("errors")).isEmpty();
            SimSync.RunEvents run = SimSync.runEvents(events, changed);
            assertThat(run.completed().mode()).isEqualTo(SyncModes.POLL);
            assertThat(run.of(EventType.SYNC_RUN_STARTED)).as("a poll announces itself only by its completion").isEmpty();
            List<String> emitted = run.<ContentData>data(EventType.CONTENT).stream().filter(c -> c.chunk() == 0)
                    .map(c -> c.entityId() + "@" + c.version()).toList();
            // and the versions the two edits left in the page history, each its own historical item
            String oldPost = site.name + ":" + post.id + "@v" + (postVersion - 1);
            String oldPage = site.name + ":" + page.id + "@v" + (pageVersion - 1);
            assertThat(emitted).as("exactly the two new versions and the two they replaced")
                    .containsExactlyInAnyOrder(site.name + ":" + post.id + "@" + postVersion, site.name + ":" + page.id + "@" + pageVersion,
                            oldPost + "@" + (postVersion - 1), oldPage + "@" + (pageVersion - 1));

            long idleBefore = idlePolls();
            awaitDiscarded(token, SimSync.trigger(token, connection, SyncModes.POLL));
            assertThat(idlePolls() - idleBefore).as("the next poll finds nothing new").isEqualTo(1);
        }
    }

    @Test
    void pollsAreScheduledByTheirIntervalBackOffWhenThrottledAndNeverQueueBesideAnotherRun() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("poll-schedule"));
        Map<String, Object> org = SimSync.org(ORG);
        String connection = SimSync.connect(token, org);
        UUID id = UUID.fromString(connection);
        Instant now = Instant.now();
        assertThat(connections.due(now.plusSeconds(70))).as("first poll a minute after creation")
                .containsEntry(id, SyncModes.POLL);
        assertThat(connections.due(now.plusSeconds(30))).doesNotContainKey(id);

        connections.polled(id, true);
        connections.polled(id, true);
        connections.reschedule(id, SyncModes.POLL);
        Instant rescheduled = Instant.now();
        assertThat(connections.due(rescheduled.plusSeconds(200))).as("two throttled polls: the interval doubles twice")
                .doesNotContainKey(id);
        assertThat(connections.due(rescheduled.plusSeconds(250))).containsEntry(id, SyncModes.POLL);
        connections.polled(id, false);
        connections.reschedule(id, SyncModes.POLL);
        assertThat(connections.due(Instant.now().plusSeconds(65))).as("a clean poll resets the back-off")
                .containsEntry(id, SyncModes.POLL);

        String full = SimSync.trigger(token, connection, "full");
        String poll = SimSync.trigger(token, connection, SyncModes.POLL);
        assertThat(poll).as("a poll never queues beside a full run: the full run also reads the change feeds").isEqualTo(full);
        SimSync.awaitFinished(token, full, Duration.ofSeconds(120));
    }

    /** Every replica's scheduler reads the schedule; only the one whose claim moves it on queues the run. */
    @Test
    void ofReplicasThatSeeTheSameScheduledPollDueOnlyOneTakesIt() throws InterruptedException {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("poll-claim"));
        UUID id = UUID.fromString(SimSync.connect(token, SimSync.org(ORG)));
        // both replicas read the schedule at this time, just after the first poll fell due (a minute after creation)
        Instant seen = Instant.now().plusMillis(60_200);
        Thread.sleep(500);
        assertThat(connections.due(seen)).containsEntry(id, SyncModes.POLL);
        assertThat(connections.claimDue(id, SyncModes.POLL, seen)).as("the first replica takes it").isTrue();
        assertThat(connections.claimDue(id, SyncModes.POLL, seen)).as("the second, with the same view, does not").isFalse();
    }

    @Test
    void aPollIntervalBelowThirtySecondsIsRefusedNamingTheField() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("poll-interval"));
        Map<String, Object> body = Map.of("name", "too eager", "orgId", "org-x", "orgApiKey", "k",
                "adminBaseUrl", SimSync.SIM, "sites", List.of(), "pollIntervalSeconds", 5);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/connections").then()
                .statusCode(400).contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("pollIntervalSeconds"));
    }

    /** An idle poll drops its run record once finished: wait until the run is gone. */
    private static void awaitDiscarded(String token, String runId) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(token).get("/api/v1/syncs/" + runId).then().extract().statusCode() == 404);
    }

    private long idlePolls() {
        DistributionSummary s = registry.find("canopy.sync.poll.requests").tag("outcome", "idle").summary();
        return s == null ? 0 : s.count();
    }

    private double idleRequests() {
        DistributionSummary s = registry.find("canopy.sync.poll.requests").tag("outcome", "idle").summary();
        return s == null ? 0 : s.totalAmount();
    }
}
