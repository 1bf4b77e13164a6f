package dev.canopy.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.events.data.*;

/** One fully populated instance of every event data type. */
final class EventSamples {
    static final Instant T = Instant.parse("2026-11-01T10:15:30Z");

    private EventSamples() {
    }

    static Map<EventType, EntityData> all() {
        return Map.ofEntries(
                Map.entry(EventType.SITE, new SiteData("c0ffee-1", "https://acme.atlassian.net", "acme",
                        List.of("confluence", "jira-software"), "online", T)),
                Map.entry(EventType.USER, new UserData("5b10a2844c20165700ede21g", "ana@acme.example", "Ana",
                        "active", "active", "atlassian", true, false, List.of("atlassian/org-admin"), T, T)),
                Map.entry(EventType.GROUP, new GroupData("g-1", "confluence-users", "all users", "admins", 42L)),
                Map.entry(EventType.GROUP_MEMBERSHIP, new GroupMembershipData("g-1", "run-1", 0, 2, List.of("a", "b"))),
                Map.entry(EventType.TEAM, new TeamData("t-1", "Platform", "builds it", "ACTIVE", "MEMBER_INVITE")),
                Map.entry(EventType.TEAM_MEMBERSHIP, new TeamMembershipData("t-1", "run-1", 1, 2, List.of("c"))),
                Map.entry(EventType.DOMAIN, new DomainData("d-1", "acme.example", "dns", "verified")),
                Map.entry(EventType.ORG_POLICY, new OrgPolicyData("p-1", "ip-allowlist", "Office only", "enabled",
                        List.of("ari:cloud:confluence::site/c0ffee-1"), Map.of("ipRanges", List.of("203.0.113.0/24")))),
                Map.entry(EventType.API_TOKEN, new ApiTokenData("tok-1", "5b10a2844c20165700ede21g", "ci", "active",
                        T, T.plusSeconds(86400), T)),
                Map.entry(EventType.ORG_API_KEY, new OrgApiKeyData("key-1", "canopy", "5b10", List.of("read:directories:admin"),
                        T, null, T)),
                Map.entry(EventType.INSTALLED_APP, new InstalledAppData("c0ffee-1", "com.vendor.app", "Vendor App",
                        "Vendor Inc", "1.2.3", true, true, List.of("ACT_AS_USER", "ADMIN"), "app-account-1", T)),
                Map.entry(EventType.JIRA_PERMISSION_GRANT, new JiraPermissionGrantData("c0ffee-1", "10000", "Default",
                        "10004", "BROWSE_PROJECTS", "anyone", null)),
                Map.entry(EventType.CONFLUENCE_SPACE, new ConfluenceSpaceData("c0ffee-1", "98306", "ENG", "Engineering",
                        "global", "current", true, false,
                        List.of(new ConfluenceSpaceData.SpacePermission("anonymous", null, "read:space")))),
                Map.entry(EventType.JIRA_PROJECT, new JiraProjectData("c0ffee-1", "10000", "ENG", "Engineering", "software",
                        "5b10", "10000", "Default Permission Scheme")),
                Map.entry(EventType.AUDIT_EVENT, new AuditEventData("ev-1", "user_added_to_group", T, "5b10", "Ana",
                        "203.0.113.7", "Berlin", Map.of("groupId", "g-1"))),
                Map.entry(EventType.ENTITY_DELETED, new EntityDeletedData("user", "5b10", "absent-after-full-sync")),
                Map.entry(EventType.SYNC_RUN_STARTED, new SyncRunStartedData("run-1", "conn-1", "full", T,
                        List.of("users", "groups"))),
                Map.entry(EventType.SYNC_RUN_COMPLETED, new SyncRunCompletedData("run-1", "conn-1", "full", "succeeded",
                        T, T.plusSeconds(60), Map.of("users", 10L), Map.of("user", 10L), List.of())),
                Map.entry(EventType.CONTENT, new ContentData("c0ffee-1", "65601", "page", "98306", null, "Runbook", 3,
                        "current", "5b10", T, "https://acme.atlassian.net/wiki/spaces/ENG/pages/65601", "text/plain",
                        0, 1, 0, 0, 11, "hello world")),
                Map.entry(EventType.CONTENT_DELETED, new ContentDeletedData("c0ffee-1", "65601", "page", "trashed")),
                Map.entry(EventType.CONTENT_SKIPPED, new ContentSkippedData("c0ffee-1", "att-1", "attachment", 1,
                        "video/mp4", 52_428_800L, "unsupported media type video/mp4")),
                Map.entry(EventType.DETECTION, new dev.canopy.contracts.events.data.DetectionData(
                        "mass-deletion:ev-1", "mass-deletion", "5b10", "Ana", "page_trashed", T, T.plusSeconds(90),
                        List.of("ev-1", "ev-2"), 26, "203.0.113.7", "Germany",
                        new dev.canopy.contracts.events.data.DetectionData.Target("space", "98306", "ENG"),
                        Map.of("threshold", 25))),
                Map.entry(EventType.FINDING, finding()),
                Map.entry(EventType.WEBHOOK_ENDPOINT_DISABLED, new WebhookEndpointDisabledData(
                        "6f1c0e7a-0000-4000-8000-000000000001", "https://hooks.acme.example/canopy",
                        "endpoint answered 410 Gone", T, T.plusSeconds(5))));
    }

    static dev.canopy.contracts.ocsf.OcsfFinding finding() {
        long t = T.toEpochMilli();
        return new dev.canopy.contracts.ocsf.OcsfFinding(2003, "Compliance Finding", 2, "Findings", 1, "Create",
                200301L, "Compliance Finding: Create", t, 4, "High", 1, "New", 3, "High", 90,
                "IP allowlist is not enabled",
                new dev.canopy.contracts.ocsf.OcsfFinding.Metadata("1.8.0",
                        new dev.canopy.contracts.ocsf.OcsfFinding.Product("Canopy", "Canopy", "0.1.0", "canopy"),
                        "tenant-a", "ev-1", "findings", List.of()),
                new dev.canopy.contracts.ocsf.OcsfFinding.Cloud("Atlassian",
                        new dev.canopy.contracts.ocsf.OcsfFinding.Organization("org-1", "Acme"), null),
                new dev.canopy.contracts.ocsf.OcsfFinding.FindingInfo("f-1", "IP allowlist not enabled", "desc",
                        List.of("posture"), new dev.canopy.contracts.ocsf.OcsfFinding.Analytic(1, "Rule",
                                "ip-allowlist-missing", "IP allowlist not enabled", "posture"),
                        t, t, t, t, "https://canopy.example/api/v1/findings/f-1"),
                List.of(), List.of(new dev.canopy.contracts.ocsf.OcsfFinding.ResourceDetails("org-1", "Acme",
                        "atlassian-organization", null, Map.of())),
                new dev.canopy.contracts.ocsf.OcsfFinding.Remediation("Enable an IP allowlist policy", List.of()),
                new dev.canopy.contracts.ocsf.OcsfFinding.Compliance("ip-allowlist-missing", List.of("CIS"), "Fail", 3, null),
                null, Map.of("kind", "posture"));
    }
}
