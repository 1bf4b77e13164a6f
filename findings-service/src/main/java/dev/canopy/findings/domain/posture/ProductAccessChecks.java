package dev.canopy.findings.domain.posture;

import static dev.canopy.findings.store.FindingSeverity.CRITICAL;
import static dev.canopy.findings.store.FindingSeverity.HIGH;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.findings.store.FindingSeverity;

/** Who can reach Jira and Confluence content: anonymous, unlicensed and any-logged-in-user grants. */
final class ProductAccessChecks {
    private ProductAccessChecks() {
    }

    static List<PostureCheck> all() {
        return List.of(
                new PostureCheck("space-anonymous-access", "Confluence space open to anonymous users", CRITICAL,
                        "confluence",
                        "Anyone on the internet can read the space without logging in, including search engines.",
                        "In the space settings > Permissions > Anonymous access, remove every permission of anonymous "
                                + "users; add a data security policy that blocks anonymous access.",
                        List.of(), false,
                        (inv, t) -> inv.spaces().stream().filter(s -> s.anonymousAccess() || grants(s, "anonymous", false))
                                .map(s -> space(s, "anonymous")).toList()),
                new PostureCheck("space-anonymous-edit", "Confluence space editable by anonymous users", CRITICAL,
                        "confluence",
                        "Anonymous users can create or change content: defacement, phishing pages and malware links "
                                + "under the company's name.",
                        "In the space settings > Permissions > Anonymous access, remove add/edit/delete permissions.",
                        List.of(), false,
                        (inv, t) -> inv.spaces().stream().filter(s -> grants(s, "anonymous", true))
                                .map(s -> space(s, "anonymous-write")).toList()),
                new PostureCheck("space-unlicensed-access", "Confluence space open to unlicensed users", HIGH,
                        "confluence",
                        "Users without a Confluence licence (e.g. Jira Service Management customers) can read the space.",
                        "In the space settings > Permissions, remove the permissions of unlicensed access / guests.",
                        List.of(), false,
                        (inv, t) -> inv.spaces().stream().filter(s -> s.unlicensedAccess() || grants(s, "unlicensed", false))
                                .map(s -> space(s, "unlicensed")).toList()),
                new PostureCheck("jira-anyone-grant", "Jira permission granted to anyone", CRITICAL, "jira",
                        "A permission granted to 'Anyone' (public) opens the projects using the scheme to everyone on "
                                + "the internet.",
                        "In Jira settings > Issues > Permission schemes, edit the scheme and remove the 'Public' / "
                                + "'Anyone on the web' grant.",
                        List.of(), false,
                        (inv, t) -> inv.jiraGrants().stream().filter(g -> "anyone".equalsIgnoreCase(g.holderType()))
                                .map(g -> grant(g, Map.of("permission", g.permission(), "holderType", g.holderType())))
                                .toList()),
                new PostureCheck("jira-logged-in-users-admin-grant", "Administrative Jira permission granted to every user",
                        HIGH, "jira",
                        "Granting project administration or deletion to any logged-in user lets every account, "
                                + "including compromised ones, change or destroy projects.",
                        "In Jira settings > Issues > Permission schemes, replace the 'Any logged in user' grant by a "
                                + "project role or group.",
                        List.of(Thresholds.ADMIN_JIRA_PERMISSIONS), false,
                        (inv, t) -> {
                            List<String> adminPermissions = t.lowerCaseList(Thresholds.ADMIN_JIRA_PERMISSIONS);
                            return inv.jiraGrants().stream().filter(ProductAccessChecks::anyLoggedInUser)
                                    .filter(g -> adminPermissions.contains(g.permission().toLowerCase(Locale.ROOT)))
                                    .map(g -> grant(g, Map.of("permission", g.permission(), "holderType", g.holderType())))
                                    .toList();
                        }));
    }

    private static boolean grants(ConfluenceSpaceData s, String principalType, boolean writeOnly) {
        return s.permissions().stream().anyMatch(p -> principalType.equalsIgnoreCase(p.principalType())
                && (!writeOnly || IdentityChecks.isWrite(p.operation())));
    }

    private static boolean anyLoggedInUser(JiraPermissionGrantData g) {
        String type = g.holderType().toLowerCase(Locale.ROOT);
        return type.equals("loggedin") || type.equals("any-logged-in-user")
                || (type.equals("applicationrole") && (g.holderParameter() == null || g.holderParameter().isBlank()));
    }

    private static Violation space(ConfluenceSpaceData s, String access) {
        return new Violation("confluence-space", s.entityId(), s.name() != null ? s.name() : s.key(),
                Map.of("spaceKey", s.key(), "siteId", s.siteId(), "access", access));
    }

    private static Violation grant(JiraPermissionGrantData g, Map<String, Object> facts) {
        Map<String, Object> all = new java.util.HashMap<>(facts);
        all.put("schemeId", g.schemeId());
        all.put("siteId", g.siteId());
        return new Violation("jira-permission-grant", g.entityId(),
                (g.schemeName() != null ? g.schemeName() : g.schemeId()) + ": " + g.permission(), all);
    }
}
