package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.http.ApiUser;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Jira work items behave as Cloud's REST v3 does for an integration: the enhanced JQL search (bounded queries only,
 * {@code nextPageToken} paging, ids by default), dates read in the user's time zone at minute granularity, projects the
 * credentials cannot browse invisible, embedded comments capped with the real total, attachments behind a redirect, and
 * every planted value readable where the ground truth says.
 */
class JiraContentTest {
    @RegisterExtension
    static final RunningSimulator running = new RunningSimulator(Map.of("issuesPerSite", "60"));
    static AtlassianSimulator sim;
    static SimClient client;
    static SimOrg org;
    static SimSite site;

    @BeforeAll
    static void pick() {
        sim = running.sim;
        client = running.client;
        org = sim.state().orgs().get(0);
        site = org.sites.values().stream().filter(s -> s.products.contains("jira")).findFirst().orElseThrow();
    }

    @Test
    void theEnhancedSearchNeedsABoundedQueryAndPagesWithTokens() {
        HttpResponse<String> unbounded = search("order by updated asc", null, 10, null);
        assertThat(unbounded.statusCode()).isEqualTo(400);
        assertThat(unbounded.body()).contains("Unbounded JQL queries are not allowed here");
        assertThat(client.site(site, true, "/rest/api/3/search?jql=project%3DENG").statusCode()).as("removed endpoint").isEqualTo(410);

        String jql = "project in (ENG, SUP, OPS) order by updated asc, key asc";
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonObject page = new JsonObject(search(jql, token, 7, null).body());
            page.getJsonArray("issues").forEach(i -> ids.add(((JsonObject) i).getString("id")));
            assertThat(((JsonObject) page.getJsonArray("issues").getValue(0)).fieldNames()).as("ids only by default")
                    .containsExactly("id");
            token = page.getString("nextPageToken");
            assertThat(page.getBoolean("isLast")).isEqualTo(token == null);
            pages++;
        } while (token != null);
        long visible = site.issues.values().stream().filter(i -> site.projects.get(i.projectId).browsable).count();
        assertThat(ids).doesNotHaveDuplicates().hasSize((int) visible);
        assertThat(pages).isGreaterThan(1);

        JsonObject first = new JsonObject(search(jql, null, 7, null).body());
        assertThat(search("project = ENG", first.getString("nextPageToken"), 7, null).statusCode())
                .as("a token belongs to its query").isEqualTo(400);
        JsonObject full = (JsonObject) new JsonObject(search(jql, null, 1, "*all").body()).getJsonArray("issues").getValue(0);
        assertThat(full.getJsonObject("fields").getJsonObject("description").getString("type")).isEqualTo("doc");
        assertThat(full.getJsonObject("fields").getString("updated")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}");
    }

    @Test
    void updatedIsReadInTheUsersTimeZoneAtMinuteGranularity() {
        SimIssue issue = sim.control().createIssue(site.name, "ENG", "Time zone probe");
        Instant updated = issue.updatedAt;
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        String local = minute.withZone(ApiUser.ZONE).format(updated.truncatedTo(ChronoUnit.MINUTES));
        String utc = minute.withZone(ZoneOffset.UTC).format(updated.truncatedTo(ChronoUnit.MINUTES));
        assertThat(keys("project = ENG and updated >= \"" + local + "\"")).contains(issue.key);
        // the same wall-clock digits in UTC mean a bound hours later for a user west of UTC: the change is missed
        assertThat(keys("project = ENG and updated >= \"" + utc + "\"")).doesNotContain(issue.key);
        assertThat(search("project = ENG and updated >= \"yesterday\"", null, 5, null).statusCode()).isEqualTo(400);
    }

    @Test
    void aProjectTheCredentialsCannotBrowseIsInvisible() {
        SimProject hidden = site.projects.values().stream().filter(p -> !p.browsable).findFirst().orElseThrow();
        SimIssue inside = site.issues.values().stream().filter(i -> i.projectId == hidden.id).findFirst().orElseThrow();
        JsonArray projects = new JsonObject(client.site(site, true, "/rest/api/3/project/search").body()).getJsonArray("values");
        assertThat(projects.stream().map(p -> ((JsonObject) p).getString("key"))).doesNotContain(hidden.key).isNotEmpty();
        HttpResponse<String> named = search("project = " + hidden.key, null, 5, null);
        assertThat(named.statusCode()).isEqualTo(400);
        assertThat(named.body()).contains("The value '" + hidden.key + "' does not exist for the field 'project'.");
        assertThat(client.site(site, true, "/rest/api/3/issue/" + inside.key).statusCode()).isEqualTo(404);
        assertThat(keys("created >= -3650d")).isNotEmpty().doesNotContain(inside.key);
        assertThat(sim.groundTruth(org.id).secrets()).noneMatch(p -> p.jira() && p.site().equals(site.name)
                && issueOf(p).projectId == hidden.id);
        assertThat(org.planted).as("the hidden project does hold secrets").anyMatch(p -> p.jira() && p.site().equals(site.name)
                && issueOf(p) != null && issueOf(p).projectId == hidden.id);
    }

    @Test
    void embeddedCommentsAreCappedAtTwentyWithTheRealTotal() {
        SimIssue issue = sim.control().createIssue(site.name, "OPS", "Chatty incident");
        for (int i = 0; i < 23; i++) {
            sim.control().addComment(site.name, issue.key);
        }
        JsonObject comment = new JsonObject(client.site(site, true, "/rest/api/3/issue/" + issue.key + "?fields=comment").body())
                .getJsonObject("fields").getJsonObject("comment");
        assertThat(comment.getInteger("total")).isEqualTo(23);
        assertThat(comment.getJsonArray("comments")).hasSize(20);
        JsonObject rest = new JsonObject(client.site(site, true, "/rest/api/3/issue/" + issue.id + "/comment?startAt=20").body());
        assertThat(rest.getJsonArray("comments")).hasSize(3);
        assertThat(keys("project = OPS and key = " + issue.key + " and updated >= -1d")).containsExactly(issue.key);
    }

    /** Every Jira value in the ground truth is readable where it was planted, attachments through the media redirect. */
    @Test
    void everyPlantedJiraValueIsWhereTheGroundTruthSays() throws Exception {
        GroundTruth truth = sim.groundTruth(org.id);
        List<Planted> jira = new ArrayList<>(truth.secrets());
        jira.addAll(truth.pii());
        jira.removeIf(p -> !p.jira() || !p.site().equals(site.name));
        Set<String> types = new HashSet<>();
        jira.forEach(p -> types.add(p.contentType()));
        assertThat(types).contains("jira_issue", "jira_comment", "jira_worklog", "jira_attachment");
        for (Planted p : jira) {
            SimIssue issue = issueOf(p);
            String text = switch (p.contentType()) {
                case "jira_issue" -> client.site(site, true, "/rest/api/3/issue/" + issue.id).body();
                case "jira_comment" -> client.site(site, true, "/rest/api/3/issue/" + issue.id + "/comment").body();
                case "jira_worklog" -> client.site(site, true, "/rest/api/3/issue/" + issue.id + "/worklog").body();
                default -> download(p.contentId());
            };
            String needle = p.value().contains("\n") ? p.value().substring(0, p.value().indexOf('\n')) : p.value();
            assertThat(text).as(p.detector() + " in " + p.apiContentId()).contains(
                    p.contentType().equals("jira_attachment") ? needle : new JsonObject().put("v", needle).encode()
                            .replaceAll("^\\{\"v\":\"|\"}$", ""));
        }
    }

    private String download(long attachmentId) throws Exception {
        HttpResponse<String> redirect = client.site(site, true, "/rest/api/3/attachment/content/" + attachmentId);
        assertThat(redirect.statusCode()).isEqualTo(303);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return client.send(HttpRequest.newBuilder(URI.create(location)).GET()).body();
    }

    private static SimIssue issueOf(Planted p) {
        if (p.contentType().equals("jira_issue")) {
            return site.issues.get(p.contentId());
        }
        SimJiraItem x = site.jiraItems.get(p.contentId());
        return site.issues.get(x.issueId);
    }

    private List<String> keys(String jql) {
        HttpResponse<String> r = search(jql, null, 100, "key");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("issues").forEach(i -> out.add(((JsonObject) i).getString("key")));
        return out;
    }

    private HttpResponse<String> search(String jql, String token, int max, String fields) {
        String q = "/rest/api/3/search/jql?jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8) + "&maxResults=" + max
                + (token == null ? "" : "&nextPageToken=" + token) + (fields == null ? "" : "&fields=" + fields);
        return client.site(site, true, q);
    }
}
