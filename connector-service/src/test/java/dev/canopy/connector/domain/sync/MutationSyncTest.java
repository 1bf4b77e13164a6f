package dev.canopy.connector.domain.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPolicy;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * After simulator mutations an incremental sync emits exactly those changes, deletions included, and nothing else;
 * the next full sync's sweep adds only what an incremental cannot see (a purged item).
 */
@QuarkusTest
class MutationSyncTest {
    /** This test owns org 1 of the shared simulator; nobody else mutates it. */
    private static final int ORG = 1;

    @Test
    void anIncrementalSyncEmitsExactlyTheMutations() {
        Map<String, Object> org = SimSync.org(ORG);
        String orgId = (String) org.get("id");
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite site = state.sites.values().iterator().next();
        List<SimContent> pages = site.content.values().stream()
                .filter(c -> c.kind == ContentKind.PAGE && "current".equals(c.status)).toList();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("mutate"));
        String connection = SimSync.connect(token, org);

        String full = SimSync.trigger(token, connection, "full");
        assertThat(SimSync.awaitFinished(token, full, Duration.ofSeconds(120)).getList("errors")).isEmpty();
        try (TestEvents events = new TestEvents()) {
            SimSync.RunEvents unchanged = incremental(token, connection, events);
            assertThat(unchanged.events()).as("an incremental over an unchanged org emits no entity events")
                    .extracting(e -> e.type()).containsOnly(EventType.SYNC_RUN_STARTED, EventType.SYNC_RUN_COMPLETED);

            Set<String> auditBefore = auditIds(org);
            String s = site.name;
            long edited = pages.get(0).id;
            long trashed = pages.get(1).id;
            long deleted = pages.get(2).id;
            long purged = pages.get(3).id;
            long planted = pages.get(4).id;
            SimSync.control("PUT", "/_sim/sites/" + s + "/content/" + edited, Map.of("body", "<p>rewritten by the mutation test</p>"));
            SimSync.control("POST", "/_sim/sites/" + s + "/content/" + trashed + "/trash", null);
            SimSync.control("DELETE", "/_sim/sites/" + s + "/content/" + deleted, null);
            SimSync.control("DELETE", "/_sim/sites/" + s + "/content/" + purged + "?purge=true", null);
            String secret = SimSync.control("POST", "/_sim/sites/" + s + "/content/" + planted + "/secrets",
                    Map.of("detector", "github-pat")).getString("value");
            String newUser = SimSync.control("POST", "/_sim/orgs/" + orgId + "/users",
                    Map.of("name", "Mutation Tester", "email", "mutation.tester@example.com")).getString("accountId");
            String deactivated = state.users.values().stream().filter(u -> u.active() && "atlassian".equals(u.accountType))
                    .skip(3).findFirst().orElseThrow().accountId;
            SimSync.control("POST", "/_sim/orgs/" + orgId + "/users/" + deactivated + "/deactivate", null);
            SimSync.control("POST", "/_sim/sites/" + s + "/apps", Map.of("key", "com.example.mutation-app",
                    "name", "Mutation App", "vendor", "Example", "scopes", List.of("READ"), "userInstalled", true));
            String removedApp = site.apps.keySet().iterator().next();
            SimSync.control("DELETE", "/_sim/sites/" + s + "/apps/" + removedApp, null);
            SimPolicy policy = state.policies.values().iterator().next();
            SimSync.control("PUT", "/_sim/orgs/" + orgId + "/policies/" + policy.id,
                    Map.of("status", "enabled".equals(policy.status) ? "disabled" : "enabled"));
            Set<String> newAudit = new TreeSet<>(auditIds(org));
            newAudit.removeAll(auditBefore);

            SimSync.RunEvents changes = incremental(token, connection, events);
            Map<String, Set<String>> expected = new TreeMap<>();
            // each edit also leaves the version it replaced in the page history: read as its own historical item
            expected.put("content", Set.of(s + ":" + edited, s + ":" + planted, s + ":" + edited + "@v" + pages.get(0).version,
                    s + ":" + planted + "@v" + pages.get(4).version));
            expected.put("content-deleted", Set.of(s + ":" + trashed, s + ":" + deleted));
            expected.put("user", Set.of(newUser, deactivated));
            // the simulator, like Atlassian, puts a new user into the product access groups: their member sets changed
            Set<String> joined = new TreeSet<>(state.groups.values().stream()
                    .filter(g -> Set.of("confluence-users", "jira-software-users").contains(g.name)).map(g -> g.id).toList());
            expected.put("group", joined);
            expected.put("group-membership", joined);
            expected.put("installed-app", Set.of(s + ":com.example.mutation-app"));
            expected.put("entity-deleted", Set.of("installed-app/" + s + ":" + removedApp));
            expected.put("org-policy", Set.of(policy.id));
            expected.put("audit-event", newAudit);
            GroundTruthSyncTest.assertSameIds(expected, ids(changes));

            Map<String, String> text = GroundTruthSyncTest.texts(changes.data(EventType.CONTENT));
            assertThat(text.get(s + ":" + planted)).contains(secret);
            assertThat(text.get(s + ":" + edited)).contains("rewritten by the mutation test");
            assertThat(changes.<ContentDeletedData>data(EventType.CONTENT_DELETED)).extracting(ContentDeletedData::reason)
                    .containsExactlyInAnyOrder("trashed", "deleted");
            assertThat(changes.<UserData>data(EventType.USER)).filteredOn(u -> u.accountId().equals(deactivated))
                    .singleElement().satisfies(u -> assertThat(u.accountStatus()).isNotEqualTo("active"));
            assertThat(changes.<InstalledAppData>data(EventType.INSTALLED_APP)).singleElement()
                    .satisfies(a -> assertThat(a.userInstalled()).isTrue());
            assertThat(changes.<OrgPolicyData>data(EventType.ORG_POLICY)).singleElement()
                    .satisfies(p -> assertThat(p.status()).isNotEqualTo(policy.status));

            // the purged page is invisible to an incremental listing: the next full sync's sweep reports it, with the
            // versions its history kept (and those of the pages trashed and deleted above), and nothing else
            String sweep = SimSync.trigger(token, connection, "full");
            assertThat(SimSync.awaitFinished(token, sweep, Duration.ofSeconds(120)).getList("errors")).isEmpty();
            SimSync.RunEvents swept = SimSync.runEvents(events, sweep);
            Set<String> gone = new TreeSet<>(Set.of(s + ":" + purged));
            for (SimContent p : List.of(pages.get(1), pages.get(2), pages.get(3))) {
                p.history.forEach(v -> gone.add(s + ":" + p.id + "@v" + v.number()));
            }
            GroundTruthSyncTest.assertSameIds(Map.of("content-deleted", gone), ids(swept));
        }
    }

    private static SimSync.RunEvents incremental(String token, String connection, TestEvents events) {
        String run = SimSync.trigger(token, connection, "incremental");
        JsonPath finished = SimSync.awaitFinished(token, run, Duration.ofSeconds(120));
        assertThat(finished.getList("errors")).as("errors of " + finished.prettify()).isEmpty();
        return SimSync.runEvents(events, run);
    }

    /** Entity ids per event type, deletions as {@code type/id}; run start/end left out. */
    private static Map<String, Set<String>> ids(SimSync.RunEvents run) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (var e : run.events()) {
            if (e.type() == EventType.SYNC_RUN_STARTED || e.type() == EventType.SYNC_RUN_COMPLETED) {
                continue;
            }
            String id = e.data() instanceof EntityDeletedData d ? d.entityType() + "/" + d.entityId() : e.data().entityId();
            m.computeIfAbsent(e.type().entity(), k -> new TreeSet<>()).add(id);
        }
        return m;
    }

    /** Audit event ids the org's admin API lists now. */
    private static Set<String> auditIds(Map<String, Object> org) {
        Set<String> ids = new TreeSet<>();
        String url = SimSync.SIM + "/admin/v1/orgs/" + org.get("id") + "/events?limit=100";
        for (int i = 0; url != null && i < 100; i++) {
            JsonPath page = given().auth().oauth2((String) org.get("adminApiKey")).get(url).then().statusCode(200)
                    .extract().jsonPath();
            List<String> pageIds = new ArrayList<>(page.getList("data.id", String.class));
            ids.addAll(pageIds);
            url = pageIds.isEmpty() ? null : page.getString("links.next");
        }
        return ids;
    }
}
