package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Space permissions come from Confluence REST v2 (permissions, plus access-class role assignments for anonymous and
 * unlicensed access). A site without the experimental role endpoints falls back to the deprecated v1
 * {@code space?expand=permissions} with a note; a site without either still syncs its spaces, without the
 * anonymous/unlicensed flags, and says so in the run's skipped notes. Uses org 1 (org 0 is read by the ground-truth
 * test); the site's features are restored afterwards.
 */
@QuarkusTest
class SpacePermissionSyncTest {
    private static final int ORG = 1;

    @Test
    void anonymousAccessComesFromRoleAssignmentsAndDegradesWithAReason() {
        Map<String, Object> org = SimSync.org(ORG);
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite confluenceSite = state.sites.values().stream().filter(s -> s.products.contains("confluence"))
                .filter(s -> s.spaces.values().stream().anyMatch(x -> x.anonymousRead)).findFirst().orElseThrow();
        Set<String> anonymousSpaces = confluenceSite.spaces.values().stream().filter(x -> x.anonymousRead)
                .map(x -> confluenceSite.name + ":" + x.id).collect(Collectors.toSet());
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("spaceperm"));
        String connection = SimSync.connect(token, org);
        String features = "/_sim/sites/" + confluenceSite.name + "/features";
        try (TestEvents events = new TestEvents()) {
            // v2: role assignments to the anonymous-users access class, the role's operations as grants
            List<ConfluenceSpaceData> v2 = sync(events, token, connection, null);
            assertThat(anonymous(v2, confluenceSite.name)).isEqualTo(anonymousSpaces);
            ConfluenceSpaceData open = v2.stream().filter(s -> anonymousSpaces.contains(s.entityId())).findFirst().orElseThrow();
            assertThat(open.permissions()).anyMatch(p -> p.principalType().equals("anonymous") && p.operation().equals("read:space"))
                    .anyMatch(p -> p.principalType().equals("group") && p.principalId() != null)
                    .noneMatch(p -> p.principalType().equals("anonymous") && !p.operation().startsWith("read"));

            // no role endpoints: v1 fallback, same answer, with a note
            SimSync.control("PUT", features, Map.of("spaceRoles", false));
            JsonPath[] run = new JsonPath[1];
            List<ConfluenceSpaceData> v1 = sync(events, token, connection, run);
            assertThat(anonymous(v1, confluenceSite.name)).isEqualTo(anonymousSpaces);
            assertThat(run[0].getList("metrics.skipped").toString()).contains(confluenceSite.name)
                    .contains("read from the deprecated v1");

            // neither: spaces still synced, flags unknown (false), the reason reported
            SimSync.control("PUT", features, Map.of("spaceRoles", false, "v1SpacePermissions", false));
            SimSync.RunEvents[] got = new SimSync.RunEvents[1];
            List<ConfluenceSpaceData> none = sync(events, token, connection, run, got);
            // the spaces that lost their flags are emitted again without them; none is reported deleted
            assertThat(none.stream().map(ConfluenceSpaceData::entityId).collect(Collectors.toSet()))
                    .containsAll(anonymousSpaces);
            assertThat(anonymous(none, confluenceSite.name)).isEmpty();
            assertThat(got[0].<EntityDeletedData>data(EventType.ENTITY_DELETED))
                    .noneMatch(d -> d.entityType().equals("confluence-space"));
            assertThat(run[0].getList("metrics.skipped").toString())
                    .contains("anonymous and unlicensed space access not determined");
        } finally {
            SimSync.control("PUT", features, Map.of("spaceRoles", true, "v1SpacePermissions", true));
        }
    }

    private static List<ConfluenceSpaceData> sync(TestEvents events, String token, String connection, JsonPath[] runOut) {
        return sync(events, token, connection, runOut, new SimSync.RunEvents[1]);
    }

    private static List<ConfluenceSpaceData> sync(TestEvents events, String token, String connection, JsonPath[] runOut,
            SimSync.RunEvents[] eventsOut) {
        String runId = SimSync.trigger(token, connection, "full");
        JsonPath run = SimSync.awaitFinished(token, runId, Duration.ofSeconds(120));
        assertThat(run.getList("errors")).as("run errors").isEmpty();
        assertThat(run.getString("status")).isEqualTo("succeeded");
        if (runOut != null) {
            runOut[0] = run;
        }
        eventsOut[0] = SimSync.runEvents(events, runId);
        return eventsOut[0].data(EventType.CONFLUENCE_SPACE);
    }

    private static Set<String> anonymous(List<ConfluenceSpaceData> spaces, String site) {
        return spaces.stream().filter(s -> s.siteId().equals(site) && s.anonymousAccess()).map(ConfluenceSpaceData::entityId)
                .collect(Collectors.toSet());
    }
}
