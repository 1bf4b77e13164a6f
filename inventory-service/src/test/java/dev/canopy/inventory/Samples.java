package dev.canopy.inventory;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.GroupData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.JiraProjectData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.SiteData;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.SyncRunStartedData;
import dev.canopy.contracts.events.data.TeamData;
import dev.canopy.contracts.events.data.TeamMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.restassured.specification.RequestSpecification;

/** Event data and request helpers shared by the tests. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Samples() {
    }

    static RequestSpecification as(String tenant) {
        return given().auth().oauth2(TestTokens.tenantReader(tenant));
    }

    static UserData user(String id, String status, String name) {
        return new UserData(id, id + "@acme.example", name, status, "active", "atlassian", true, true, List.of(),
                T0, T0);
    }

    static UserData user(String id, String email, boolean mfa, boolean managed, List<String> roles, Instant lastActive) {
        return new UserData(id, email, id.toUpperCase(), "active", "active", "atlassian", managed, mfa, roles,
                lastActive, T0);
    }

    /** One event of every inventory entity type, memberships and a complete sync run for {@code tenant}. */
    static void everyType(TestEvents events, String tenant) {
        String run = "run-" + tenant;
        Instant now = Instant.now();
        events.send(tenant, T0, run, new SyncRunStartedData(run, "conn-1", "full", T0, List.of("users")));
        events.send(tenant, T0, run, user("u-1", "active", "Ana"));
        events.send(tenant, T0, run, new GroupData("g-1", "admins", "the admins", "admins", 1L));
        events.send(tenant, T0, run, new TeamData("t-1", "Platform", null, "ACTIVE", "OPEN"));
        events.send(tenant, T0, run, new GroupMembershipData("g-1", "s-1", 0, 1, List.of("u-1")));
        events.send(tenant, T0, run, new TeamMembershipData("t-1", "s-1", 0, 1, List.of("u-1")));
        events.send(tenant, T0, run, new DomainData("d-1", "acme.example", "dns", "verified"));
        events.send(tenant, T0, run, new SiteData("site-1", "https://acme.example.net", "acme",
                List.of("confluence", "jira-software"), "active", T0));
        events.send(tenant, T0, run, new InstalledAppData("site-1", "com.vendor.app", "App", "Vendor", "1.0", true,
                true, List.of("READ", "WRITE"), "app-user", T0));
        events.send(tenant, T0, run, new OrgPolicyData("p-1", "ip-allowlist", "Office", "enabled", List.of("site-1"),
                Map.of("ips", List.of("10.0.0.0/8"))));
        events.send(tenant, T0, run, new ApiTokenData("tok-1", "u-1", "ci", "active", T0, now.plusSeconds(86_400 * 5),
                T0));
        events.send(tenant, T0, run, new OrgApiKeyData("key-1", "scanner", "u-1", List.of("read"), T0,
                now.plusSeconds(86_400 * 60), now));
        events.send(tenant, T0, run, new ConfluenceSpaceData("site-1", "sp-1", "ENG", "Engineering", "global",
                "current", true, false, List.of(new ConfluenceSpaceData.SpacePermission("anonymous", null, "read:space"))));
        events.send(tenant, T0, run, new JiraPermissionGrantData("site-1", "sch-1", "Default", "gr-1",
                "BROWSE_PROJECTS", "anyone", null));
        events.send(tenant, T0, run, new JiraProjectData("site-1", "10000", "ENG", "Engineering", "software", "u-1",
                "sch-1", "Default"));
        events.send(tenant, T0, run, new AuditEventData("ev-1", "user_login", T0, "u-1", "Ana", "10.1.1.1", "Berlin",
                Map.of()));
        events.send(tenant, T0.plusSeconds(60), run, new SyncRunCompletedData(run, "conn-1", "full", "succeeded", T0,
                T0.plusSeconds(60), Map.of("user", 1L), Map.of("user", 1L, "group", 1L), List.of()));
    }

    /** Every list endpoint with the path of an entity the {@link #everyType} tenant has there. */
    static final Map<String, String> LISTS = Map.ofEntries(
            Map.entry("/api/v1/users", "user/u-1"),
            Map.entry("/api/v1/groups", "group/g-1"),
            Map.entry("/api/v1/teams", "team/t-1"),
            Map.entry("/api/v1/domains", "domain/d-1"),
            Map.entry("/api/v1/sites", "site/site-1"),
            Map.entry("/api/v1/installed-apps", "installed-app/site-1:com.vendor.app"),
            Map.entry("/api/v1/org-policies", "org-policy/p-1"),
            Map.entry("/api/v1/api-tokens", "api-token/tok-1"),
            Map.entry("/api/v1/org-api-keys", "org-api-key/key-1"),
            Map.entry("/api/v1/confluence-spaces", "confluence-space/site-1:sp-1"),
            Map.entry("/api/v1/jira-permission-grants", "jira-permission-grant/site-1:sch-1:gr-1"),
            Map.entry("/api/v1/jira-projects", "jira-project/site-1:10000"),
            Map.entry("/api/v1/audit-events", "audit-event/ev-1"));
}
