package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Jira work items follow Confluence's rules: an incremental run emits exactly what changed since the last listing (a
 * new issue, an issue with a new comment and that comment, an edited issue), nothing twice; a deleted issue and its
 * comments are reported by the next full run, and only they; a project the credentials cannot browse is never read.
 */
@QuarkusTest
class JiraContentSyncTest {
    private static final int ORG = 1;

    @Test
    void incrementalRunsEmitExactlyTheChangedWorkItemsAndFullRunsTheDeletedOnes() {
        Map<String, Object> org = SimSync.org(ORG);
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite site = state.sites.values().stream().filter(s -> s.products.contains("jira")).findFirst().orElseThrow();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("jira"));
        String connection = SimSync.connect(token, org);
        String first = SimSync.trigger(token, connection, "full");
        assertThat(SimSync.awaitFinished(token, first, Duration.ofSeconds(120)).getList("errors")).isEmpty();

        List<SimIssue> visible = site.issues.values().stream()
                .filter(i -> site.projects.get(i.projectId).browsable).toList();
        SimIssue commented = visible.get(0);
        SimIssue edited = visible.get(1);
        SimIssue deleted = visible.stream().filter(i -> !i.comments.isEmpty() && i != commented && i != edited)
                .findFirst().orElseThrow();
        String base = "/_sim/sites/" + site.name + "/issues/";
        JsonPath created = SimSync.control("POST", "/_sim/sites/" + site.name + "/issues",
                Map.of("project", "ENG", "summary", "Rotate the staging credentials"));
        String createdId = String.valueOf(created.getLong("id"));
        String secret = SimSync.control("POST", base + createdId + "/secrets",
                Map.of("detector", "aws-access-key-id")).getString("value");
        long commentId = SimSync.control("POST", base + commented.key + "/comments", null).getLong("id");
        SimSync.control("PUT", base + edited.key, Map.of("summary", "Edited for the incremental run"));

        try (TestEvents events = new TestEvents()) {
            String incremental = SimSync.trigger(token, connection, "incremental");
            assertThat(SimSync.awaitFinished(token, incremental, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            List<ContentData> content = SimSync.runEvents(events, incremental).data(EventType.CONTENT);
            Set<String> jira = content.stream().filter(c -> c.contentType().startsWith("jira_"))
                    .map(ContentData::entityId).collect(Collectors.toCollection(TreeSet::new));
            assertThat(jira).containsExactlyInAnyOrder(site.name + ":issue/" + createdId,
                    site.name + ":issue/" + commented.id, site.name + ":comment/" + commentId,
                    site.name + ":issue/" + edited.id);
            ContentData issue = content.stream().filter(c -> c.entityId().equals(site.name + ":issue/" + createdId))
                    .findFirst().orElseThrow();
            assertThat(issue.text()).contains(secret).contains("Rotate the staging credentials");
            assertThat(issue.projectKey()).isEqualTo("ENG");
            assertThat(issue.lastModified()).as("Jira's offset without a colon is parsed").isNotNull();
            assertThat(issue.webUrl()).endsWith("/browse/" + created.getString("key"));

            String again = SimSync.trigger(token, connection, "incremental");
            SimSync.awaitFinished(token, again, Duration.ofSeconds(120));
            assertThat(SimSync.runEvents(events, again).data(EventType.CONTENT).stream()
                    .filter(c -> ((ContentData) c).contentType().startsWith("jira_")).toList())
                    .as("the overlap window emits nothing twice").isEmpty();

            SimSync.control("DELETE", base + deleted.key, null);
            String full = SimSync.trigger(token, connection, "full");
            assertThat(SimSync.awaitFinished(token, full, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            SimSync.RunEvents fullEvents = SimSync.runEvents(events, full);
            Set<String> gone = fullEvents.<ContentDeletedData>data(EventType.CONTENT_DELETED).stream()
                    .filter(d -> d.contentType() != null && d.contentType().startsWith("jira_"))
                    .map(d -> d.siteId() + ":" + d.contentId()).collect(Collectors.toSet());
            Set<String> expected = new TreeSet<>();
            expected.add(site.name + ":issue/" + deleted.id);
            deleted.comments.forEach(c -> expected.add(site.name + ":comment/" + c.id));
            deleted.worklogs.forEach(w -> expected.add(site.name + ":worklog/" + w.id));
            deleted.attachments.forEach(a -> expected.add(site.name + ":attachment/" + a.id));
            assertThat(gone).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(fullEvents.data(EventType.CONTENT).stream().map(c -> ((ContentData) c).entityId()))
                    .as("a full run re-emits nothing unchanged").noneMatch(id -> id.contains(":issue/"));
        }
        String hidden = site.projects.values().stream().filter(p -> !p.browsable).findFirst().orElseThrow().key;
        assertThat(site.issues.values().stream().filter(i -> site.projects.get(i.projectId).key.equals(hidden)))
                .as("the simulated org has issues out of the credentials' reach").isNotEmpty();
    }
}
