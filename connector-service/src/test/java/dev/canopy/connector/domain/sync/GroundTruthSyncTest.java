package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.SiteData;
import dev.canopy.contracts.events.data.TeamMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A full sync of a whole simulator org (admin APIs and every site) delivers exactly its state: the id set of every
 * entity type equals the simulator's, and every planted secret and PII value appears verbatim in the content text.
 */
@QuarkusTest
class GroundTruthSyncTest {
    /** Org 0 is never mutated by the tests of this module (the mutation test uses org 1). */
    private static final int ORG = 0;

    @Test
    void aFullSyncDeliversExactlyTheGroundTruth() {
        Map<String, Object> org = SimSync.org(ORG);
        String orgId = (String) org.get("id");
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("truth"));
        String connection = SimSync.connect(token, org);
        String runId = SimSync.trigger(token, connection, "full");
        JsonPath run = SimSync.awaitFinished(token, runId, Duration.ofSeconds(120));
        System.out.println("full run: " + run.prettify());
        assertThat(run.getList("errors")).as("run errors").isEmpty();
        assertThat(run.getString("status")).isEqualTo("succeeded");

        try (TestEvents events = new TestEvents()) {
            SimSync.RunEvents got = SimSync.runEvents(events, runId);
            Map<String, Set<String>> expected = expectedIds(state);
            Map<String, Set<String>> actual = new TreeMap<>();
            for (var e : got.events()) {
                if (e.type() != EventType.SYNC_RUN_STARTED && e.type() != EventType.SYNC_RUN_COMPLETED
                        && e.type() != EventType.AUDIT_EVENT && e.type() != EventType.JIRA_PERMISSION_GRANT) {
                    actual.computeIfAbsent(e.type().entity(), k -> new TreeSet<>()).add(e.data().entityId());
                }
            }
            assertSameIds(expected, actual);

            Map<String, Integer> counts = SimSync.groundTruthCounts(orgId);
            Map<String, Integer> countsSeen = Map.of("users", size(actual, "user"), "groups", size(actual, "group"),
                    "teams", size(actual, "team"), "policies", size(actual, "org-policy"), "tokens", size(actual, "api-token"),
                    "apiKeys", size(actual, "org-api-key"), "domains", size(actual, "domain"), "sites", size(actual, "site"),
                    "apps", size(actual, "installed-app"), "spaces", size(actual, "confluence-space"));
            assertThat(size(actual, "jira-project")).as("ground-truth count jiraProjects").isEqualTo(counts.get("jiraProjects"));
            countsSeen.forEach((k, v) -> assertThat(v).as("ground-truth count " + k).isEqualTo(counts.get(k)));

            assertMembers(state, got);
            for (InstalledAppData app : got.<InstalledAppData>data(EventType.INSTALLED_APP)) {
                var simApp = state.sites.get(app.siteId()).apps.get(app.appKey());
                assertThat(app.userInstalled()).as("userInstalled of " + app.entityId()).isEqualTo(simApp.userInstalled());
                assertThat(app.appAccountId()).as("app user of " + app.entityId()).isEqualTo(simApp.appUserAccountId());
            }
            assertPlantedTextIsEmitted(SimSync.groundTruth(orgId), got.data(EventType.CONTENT));
            for (UserData u : got.<UserData>data(EventType.USER)) {
                var simUser = state.users.get(u.accountId());
                assertThat(u.managed()).as("managed flag of " + u.accountId()).isEqualTo(simUser.managed());
                assertThat(u.lastActive()).as("last active of " + u.accountId()).isEqualTo(simUser.lastActive);
            }
            for (OrgApiKeyData k : got.<OrgApiKeyData>data(EventType.ORG_API_KEY)) {
                assertThat(k.name()).as("label of key " + k.entityId()).isEqualTo(state.apiKeys.stream()
                        .filter(x -> x.id().equals(k.entityId())).findFirst().orElseThrow().label());
            }
            for (SiteData site : got.<SiteData>data(EventType.SITE)) {
                // org 0's second site is Jira-only: it syncs what it has and names only the products it has
                assertThat(site.products()).as("products of " + site.siteId())
                        .containsExactlyInAnyOrderElementsOf(state.sites.get(site.siteId()).products);
            }
            assertThat(state.sites.values()).as("the simulated org has a single-product site")
                    .anyMatch(s -> s.products.size() == 1);
            JsonPath media = SimSync.control("GET", "/_sim/media", null);
            assertThat(media.getLong("downloads")).as("attachments fetched from the media origin").isPositive();
            assertThat(media.getLong("authorizationHeaders")).as("site credentials sent to the media origin").isZero();
            assertThat(got.completed().eventCounts()).doesNotContainKeys("entity-deleted", "content-deleted");
        }
    }

    private static int size(Map<String, Set<String>> ids, String type) {
        return ids.getOrDefault(type, Set.of()).size();
    }

    static Map<String, Set<String>> expectedIds(SimOrg org) {
        Map<String, Set<String>> m = new TreeMap<>();
        m.put("user", new TreeSet<>(org.users.keySet()));
        m.put("group", new TreeSet<>(org.groups.keySet()));
        m.put("group-membership", new TreeSet<>(org.groups.keySet()));
        m.put("team", new TreeSet<>(org.teams.keySet()));
        m.put("team-membership", new TreeSet<>(org.teams.keySet()));
        m.put("org-policy", new TreeSet<>(org.policies.keySet()));
        m.put("api-token", org.apiTokens.stream().map(t -> t.id()).collect(Collectors.toCollection(TreeSet::new)));
        m.put("org-api-key", org.apiKeys.stream().map(t -> t.id()).collect(Collectors.toCollection(TreeSet::new)));
        m.put("domain", org.domains.stream().map(d -> d.id()).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> sites = new TreeSet<>();
        Set<String> apps = new TreeSet<>();
        Set<String> spaces = new TreeSet<>();
        Set<String> content = new TreeSet<>();
        for (SimSite s : org.sites.values()) {
            sites.add(s.name);
            s.apps.keySet().forEach(k -> apps.add(s.name + ":" + k));
            s.spaces.keySet().forEach(k -> spaces.add(s.name + ":" + k));
            for (SimContent c : s.content.values()) {
                if (listed(c)) {
                    content.add(s.name + ":" + c.apiId());
                }
                // the versions a current page or blog post keeps in its history (the newest 50)
                if ("current".equals(c.status) && (c.kind == ContentKind.PAGE || c.kind == ContentKind.BLOGPOST)) {
                    c.history.stream().map(v -> v.number()).sorted(Comparator.reverseOrder()).limit(50)
                            .forEach(n -> content.add(s.name + ":" + c.id + "@v" + n));
                }
            }
            // Jira work items the credentials can browse, named by kind (Jira numbers each kind separately)
            for (var issue : s.issues.values()) {
                if (s.projects.get(issue.projectId).browsable) {
                    content.add(s.name + ":issue/" + issue.id);
                    issue.comments.forEach(x -> content.add(s.name + ":comment/" + x.id));
                    issue.worklogs.forEach(x -> content.add(s.name + ":worklog/" + x.id));
                    issue.attachments.forEach(x -> content.add(s.name + ":attachment/" + x.id));
                }
            }
        }
        m.put("site", sites);
        m.put("installed-app", apps);
        m.put("confluence-space", spaces);
        m.put("jira-project", org.sites.values().stream().flatMap(s -> s.projects.values().stream()
                .filter(p -> p.browsable).map(p -> s.name + ":" + p.id)).collect(Collectors.toCollection(TreeSet::new)));
        m.put("content", content);
        return m;
    }

    /** What Confluence lists by default: current and archived pages/blog posts/attachments, current comments. */
    static boolean listed(SimContent c) {
        boolean comment = c.kind == ContentKind.FOOTER_COMMENT || c.kind == ContentKind.INLINE_COMMENT;
        return comment ? "current".equals(c.status) : Set.of("current", "archived").contains(c.status);
    }

    static void assertSameIds(Map<String, Set<String>> expected, Map<String, Set<String>> actual) {
        List<String> diff = new ArrayList<>();
        Set<String> types = new TreeSet<>(expected.keySet());
        types.addAll(actual.keySet());
        for (String t : types) {
            Set<String> missing = new TreeSet<>(expected.getOrDefault(t, Set.of()));
            missing.removeAll(actual.getOrDefault(t, Set.of()));
            Set<String> extra = new TreeSet<>(actual.getOrDefault(t, Set.of()));
            extra.removeAll(expected.getOrDefault(t, Set.of()));
            if (!missing.isEmpty() || !extra.isEmpty()) {
                diff.add(t + ": expected " + expected.getOrDefault(t, Set.of()).size() + ", got "
                        + actual.getOrDefault(t, Set.of()).size() + "; missing " + first(missing) + "; extra " + first(extra));
            }
        }
        assertThat(diff).as("id sets differ from the simulator's state").isEmpty();
    }

    private static String first(Set<String> s) {
        return s.size() + " " + s.stream().limit(10).toList();
    }

    private static void assertMembers(SimOrg org, SimSync.RunEvents got) {
        Map<String, Set<String>> groups = new HashMap<>();
        for (GroupMembershipData d : got.<GroupMembershipData>data(EventType.GROUP_MEMBERSHIP)) {
            groups.computeIfAbsent(d.groupId(), k -> new TreeSet<>()).addAll(d.memberAccountIds());
        }
        org.groups.values().forEach(g -> assertThat(groups.get(g.id)).as("members of group " + g.id)
                .containsExactlyInAnyOrderElementsOf(g.members));
        Map<String, Set<String>> teams = new HashMap<>();
        for (TeamMembershipData d : got.<TeamMembershipData>data(EventType.TEAM_MEMBERSHIP)) {
            teams.computeIfAbsent(d.teamId(), k -> new TreeSet<>()).addAll(d.memberAccountIds());
        }
        org.teams.values().forEach(t -> assertThat(teams.get(t.teamId)).as("members of team " + t.teamId)
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(t.members)));
    }

    /** Every planted secret and PII value is in the text emitted for its content item (chunks reassembled). */
    static void assertPlantedTextIsEmitted(JsonPath truth, List<ContentData> content) {
        Map<String, String> text = texts(content);
        List<Map<String, Object>> planted = new ArrayList<>(truth.getList("secrets"));
        planted.addAll(truth.getList("pii"));
        assertThat(planted).isNotEmpty();
        assertThat(planted).as("Jira plants are part of the check").anyMatch(p -> String.valueOf(p.get("contentType")).startsWith("jira_"));
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> p : planted) {
            String key = p.get("site") + ":" + p.get("apiContentId");
            String value = String.valueOf(p.get("value"));
            if (!text.getOrDefault(key, "").contains(value)) {
                missing.add(p.get("detector") + " in " + p.get("contentType") + " " + key
                        + (text.containsKey(key) ? "" : " (no content emitted)"));
            }
        }
        List<Map<String, Object>> history = truth.getList("history");
        assertThat(history).as("secrets only the page history still has").isNotEmpty();
        for (Map<String, Object> h : history) {
            for (Object n : (List<?>) h.get("versions")) {
                String key = h.get("site") + ":" + h.get("apiContentId") + "@v" + n;
                if (!text.getOrDefault(key, "").contains(String.valueOf(h.get("value")))) {
                    missing.add(h.get("detector") + " in version " + n + " of " + key);
                }
            }
        }
        assertThat(missing).as("planted values not found verbatim in the emitted text").isEmpty();
    }

    /** Full text per content id: chunks placed at their offsets (the overlap they repeat is dropped). */
    static Map<String, String> texts(List<ContentData> content) {
        Map<String, List<ContentData>> byId = content.stream().collect(Collectors.groupingBy(ContentData::entityId));
        Map<String, String> out = new HashMap<>();
        byId.forEach((id, chunks) -> {
            StringBuilder b = new StringBuilder();
            chunks.stream().sorted(Comparator.comparingInt(ContentData::chunk)).forEach(c -> {
                int skip = (int) Math.max(0, b.length() - c.offset());
                b.append(c.text().substring(Math.min(c.text().length(), skip)));
            });
            out.put(id, b.toString());
        });
        return out;
    }

    static <T extends EntityData> Map<String, T> byId(List<T> data) {
        return data.stream().collect(Collectors.toMap(EntityData::entityId, Function.identity(), (a, b) -> b));
    }
}
