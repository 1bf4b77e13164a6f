package dev.canopy.findings.domain.posture;

import static dev.canopy.findings.store.FindingSeverity.CRITICAL;
import static dev.canopy.findings.store.FindingSeverity.HIGH;
import static dev.canopy.findings.store.FindingSeverity.MEDIUM;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.findings.store.FindingSeverity;

/** Accounts: admins, MFA, dormancy, external collaborators. */
final class IdentityChecks {
    private IdentityChecks() {
    }

    static List<PostureCheck> all() {
        return List.of(
                new PostureCheck("admin-without-mfa", "Administrator without two-step verification", CRITICAL, "identity",
                        "An admin account protected by a password alone is the shortest path to taking over the "
                                + "whole organization.",
                        "Ask the admin to enable two-step verification, or require it for admins in "
                                + "Security > Authentication policies; remove admin roles that are not needed.",
                        List.of(), false,
                        (inv, t) -> inv.users().stream()
                                .filter(u -> Accounts.activeHuman(u) && Accounts.admin(u) && !Accounts.mfa(u))
                                .map(u -> user(u, Map.of("platformRoles", u.platformRoles(), "mfaEnabled", false)))
                                .toList()),
                new PostureCheck("admin-unmanaged-account", "Administrator with an unmanaged account", HIGH, "identity",
                        "An admin whose account is not on a verified domain is outside the organization's "
                                + "authentication policies and cannot be deprovisioned centrally.",
                        "Replace the admin role of the unmanaged account with a managed account on a verified domain.",
                        List.of(), false,
                        (inv, t) -> inv.users().stream()
                                .filter(u -> Accounts.activeHuman(u) && Accounts.admin(u) && Accounts.external(u))
                                .map(u -> user(u, Map.of("platformRoles", u.platformRoles(), "managed", false)))
                                .toList()),
                new PostureCheck("mfa-coverage-low", "Too many managed users without two-step verification", HIGH,
                        "identity",
                        "Every account without a second factor can be taken over with a phished or reused password.",
                        "Require two-step verification in the authentication policy of managed accounts, or enforce "
                                + "MFA in the SSO identity provider.",
                        List.of(Thresholds.MFA_MISSING_MAX_PERCENT), false,
                        (inv, t) -> {
                            List<UserData> managed = inv.users().stream()
                                    .filter(u -> Accounts.activeHuman(u) && Accounts.managed(u)).toList();
                            long without = managed.stream().filter(u -> !Accounts.mfa(u)).count();
                            if (managed.isEmpty() || without * 100 <= t.number(Thresholds.MFA_MISSING_MAX_PERCENT) * managed.size()) {
                                return List.of();
                            }
                            return List.of(Violation.organization(Map.of("managedUsers", managed.size(),
                                    "withoutMfa", without, "percentWithoutMfa", without * 100 / managed.size())));
                        }),
                new PostureCheck("user-dormant", "Dormant managed account", MEDIUM, "identity",
                        "Unused accounts keep their access and go unnoticed when compromised.",
                        "Deactivate or suspend the account in Atlassian Administration > Directory > Managed accounts, "
                                + "or remove its product access.",
                        List.of(Thresholds.DORMANT_USER_DAYS), false,
                        (inv, t) -> inv.users().stream()
                                .filter(u -> Accounts.activeHuman(u) && Accounts.managed(u))
                                .filter(u -> Accounts.inactiveFor(u, inv.now(), t.number(Thresholds.DORMANT_USER_DAYS)))
                                .map(u -> user(u, lastActive(u)))
                                .toList()),
                new PostureCheck("org-admins-too-many", "Too many organization admins", MEDIUM, "identity",
                        "Each organization admin can change every security setting; the more there are, the larger "
                                + "the attack surface and the harder the review.",
                        "Review Directory > Users filtered by organization admin and remove the role from accounts that "
                                + "do not need it; use product or user admin roles instead.",
                        List.of(Thresholds.MAX_ORG_ADMINS), false,
                        (inv, t) -> {
                            List<String> admins = inv.users().stream()
                                    .filter(u -> Accounts.activeHuman(u) && Accounts.orgAdmin(u))
                                    .map(UserData::accountId).sorted().toList();
                            return admins.size() > t.number(Thresholds.MAX_ORG_ADMINS)
                                    ? List.of(Violation.organization(Map.of("orgAdmins", admins.size(),
                                            "accountIds", admins)))
                                    : List.of();
                        }),
                new PostureCheck("external-collaborator-edit", "External collaborator can edit a space", MEDIUM,
                        "identity",
                        "Accounts outside the organization's verified domains can change content and are not covered "
                                + "by its policies or offboarding.",
                        "In the space's settings > Permissions, remove the edit permissions of the external account, "
                                + "or give it view access only; review guest access in Atlassian Administration.",
                        List.of(), false,
                        IdentityChecks::externalEditors));
    }

    private static List<Violation> externalEditors(PostureInventory inv, Thresholds t) {
        Map<String, UserData> users = inv.usersById();
        Map<String, Violation> byUser = new HashMap<>();
        for (ConfluenceSpaceData space : inv.spaces()) {
            for (ConfluenceSpaceData.SpacePermission p : space.permissions()) {
                UserData u = p.principalId() == null ? null : users.get(p.principalId());
                if (u != null && "user".equalsIgnoreCase(p.principalType()) && Accounts.activeHuman(u)
                        && Accounts.external(u) && isWrite(p.operation())) {
                    byUser.merge(u.accountId(), user(u, Map.of("spaces", List.of(space.key()))), (a, b) -> {
                        List<Object> spaces = new java.util.ArrayList<>((List<?>) a.facts().get("spaces"));
                        if (!spaces.contains(space.key())) {
                            spaces.add(space.key());
                        }
                        return user(u, Map.of("spaces", spaces));
                    });
                }
            }
        }
        return byUser.values().stream().sorted(java.util.Comparator.comparing(Violation::resourceId)).toList();
    }

    static boolean isWrite(String operation) {
        if (operation == null) {
            return false;
        }
        String op = operation.toLowerCase(Locale.ROOT);
        return !(op.startsWith("read") || op.startsWith("view"));
    }

    static Violation user(UserData u, Map<String, Object> facts) {
        return new Violation("user", u.accountId(), Accounts.name(u), facts);
    }

    private static Map<String, Object> lastActive(UserData u) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("lastActive", String.valueOf(u.lastActive()));
        return facts;
    }
}
