package dev.canopy.findings.domain.detect;

import java.util.Arrays;
import java.util.Optional;

import dev.canopy.findings.store.FindingSeverity;

/**
 * The threat detections over organization audit events: what each watches, how severe it is, why it matters and what
 * to do, and the Atlassian Guard Detect category it corresponds to (README lists them side by side).
 */
public enum DetectionRule {
    ORG_ADMIN_GRANTED("org-admin-granted", Shape.SINGLE, FindingSeverity.CRITICAL,
            "Organization admin granted",
            "An organization admin controls every product, policy, user and API key of the organization; a new one is "
                    + "the first step of most Atlassian account takeovers.",
            "Confirm with the actor that the grant was planned. If not, revoke the org admin role, reset the "
                    + "credentials of both accounts and review what the new admin changed since.",
            "Org admin added"),
    ADMIN_ROLE_GRANTED("admin-role-granted", Shape.SINGLE, FindingSeverity.HIGH,
            "Admin role granted",
            "Site, product or user-access admin roles let an account change permissions and read all content of a site.",
            "Confirm the role change with the actor and the account's manager; revoke it if it was not requested.",
            "Admin role changes"),
    ORG_API_KEY_CREATED("org-api-key-created", Shape.SINGLE, FindingSeverity.HIGH,
            "Organization API key created",
            "An organization API key acts as an org admin without sign-in, MFA or IP allowlist, until it expires.",
            "Check who needs the key and for what; revoke it in admin.atlassian.com > Settings > API keys if unknown, "
                    + "and give keys the shortest expiry.",
            "API key created"),
    USER_API_TOKEN_CREATED("user-api-token-created", Shape.SINGLE, FindingSeverity.LOW,
            "User API token created",
            "An API token signs in as its user without MFA; tokens created unexpectedly are a common persistence step.",
            "Confirm the token with its owner; revoke unknown tokens (Administration > Directory > user > API tokens) "
                    + "and enforce token expiry.",
            "API token created"),
    EXTERNAL_USER_API_TOKEN_CREATED("external-user-api-token-created", Shape.SINGLE, FindingSeverity.HIGH,
            "API token created by an external account",
            "An account whose email domain the organization has not verified created an API token: it keeps access "
                    + "outside the organization's identity provider and policies.",
            "Verify the account and why it needs a token; revoke the token or the account's product access.",
            "API token created by external user"),
    IP_ALLOWLIST_POLICY_DISABLED("ip-allowlist-policy-disabled", Shape.SINGLE, FindingSeverity.HIGH,
            "IP allowlist policy disabled",
            "Turning off or deleting an IP allowlist opens the organization's products to every network.",
            "Re-enable the policy unless the change was approved; find who disabled it and why.",
            "IP allowlist policy changed or removed"),
    DATA_SECURITY_POLICY_DELETED("data-security-policy-deleted", Shape.SINGLE, FindingSeverity.HIGH,
            "Data security policy removed",
            "Data security policies block exports, anonymous access and app access to sensitive content; removing one "
                    + "often precedes exfiltration.",
            "Restore the policy and review exports and public links created since the change.",
            "Data security policy changed or removed"),
    SECURITY_POLICY_DISABLED("security-policy-disabled", Shape.SINGLE, FindingSeverity.MEDIUM,
            "Security policy disabled or removed",
            "A security policy of the organization (authentication, domain, retention or another type) was disabled "
                    + "or deleted.",
            "Confirm the change was approved; restore the policy otherwise.",
            "Authentication / domain policy changed or removed"),
    SSO_ENFORCEMENT_REMOVED("sso-enforcement-removed", Shape.SINGLE, FindingSeverity.HIGH,
            "SSO enforcement removed",
            "Without enforced single sign-on, accounts can sign in with passwords that bypass the identity provider's "
                    + "MFA, device and offboarding controls.",
            "Re-enforce SSO in the authentication policy and review sign-ins since the change.",
            "Authentication policy changed"),
    TWO_STEP_ENFORCEMENT_REMOVED("two-step-enforcement-removed", Shape.SINGLE, FindingSeverity.HIGH,
            "Two-step verification enforcement removed",
            "Two-step verification no longer required means a leaked password alone is enough to sign in.",
            "Require two-step verification again in the authentication policy.",
            "Authentication policy changed"),
    USER_IMPERSONATION("user-impersonation", Shape.SINGLE, FindingSeverity.HIGH,
            "User impersonated",
            "An admin signed in as another user and can act with that user's access, hidden behind their name.",
            "Confirm the impersonation had a support reason; if not, remove the admin's role and review what was done.",
            "User impersonation"),
    APP_INSTALLED_BROAD_SCOPES("app-installed-broad-scopes", Shape.SINGLE, FindingSeverity.HIGH,
            "App installed with broad scopes",
            "An app with admin or act-as-user scopes can read and change everything its users can, outside audit.",
            "Review the vendor and the scopes; uninstall the app or restrict it with a data security policy.",
            "App installed"),
    APP_INSTALLED_BY_NON_ADMIN("app-installed-by-non-admin", Shape.SINGLE, FindingSeverity.MEDIUM,
            "App installed by a non-admin",
            "A user without an admin role installed an app (user-installable apps or a missing app access rule).",
            "Review the app; restrict who can install apps (Settings > User-installed apps).",
            "App installed"),
    SITE_EXPORT("site-export", Shape.SINGLE, FindingSeverity.HIGH,
            "Site exported",
            "A full site export copies all of a product's content (and attachments) out of Atlassian Cloud.",
            "Confirm the export with the actor; delete the export file if it was not planned.",
            "Site export"),
    SPACE_EXPORT("space-export", Shape.SINGLE, FindingSeverity.MEDIUM,
            "Space exported",
            "A space export takes a copy of a whole Confluence space out of Atlassian Cloud.",
            "Confirm the export with the actor and the space owner.",
            "Space export"),
    PERMISSION_CHANGE_BURST("permission-change-burst", Shape.WINDOW_COUNT, FindingSeverity.HIGH,
            "Burst of permission changes",
            "Many space permission or page restriction changes by one account in minutes: a sign of scripted access "
                    + "grabbing or of opening content to outsiders.",
            "Review the changes with the actor; revert the ones that were not intended.",
            "Bulk permission changes"),
    MASS_DELETION("mass-deletion", Shape.WINDOW_COUNT, FindingSeverity.HIGH,
            "Mass deletion",
            "Many pages, blog posts or issues trashed or deleted by one account in minutes: sabotage or a compromised "
                    + "account cleaning up.",
            "Check with the actor; restore from the trash within its retention period.",
            "Bulk deletion"),
    IMPOSSIBLE_TRAVEL("impossible-travel", Shape.WINDOW_COUNTRIES, FindingSeverity.HIGH,
            "Activity from several countries",
            "One account acted from several countries within a short window: a shared or stolen session or credential.",
            "Confirm with the account owner; if not them, revoke sessions and API tokens and reset credentials.",
            "Suspicious sign-in locations (Guard: not a Detect alert)"),
    FIRST_SEEN_ADMIN_ACTOR("first-seen-admin-actor", Shape.FIRST_SEEN, FindingSeverity.MEDIUM,
            "First administration action by this account",
            "An account that was never seen administering the organization performed an admin action after the "
                    + "learning period: a new admin, or an account that should not have admin rights.",
            "Confirm the account is meant to administer the organization.",
            "(no Guard Detect equivalent)");

    /** How a rule decides: from one event, a count in a window, distinct countries in a window, or first seen. */
    public enum Shape {
        SINGLE, WINDOW_COUNT, WINDOW_COUNTRIES, FIRST_SEEN
    }

    private final String id;
    private final Shape shape;
    private final FindingSeverity severity;
    private final String title;
    private final String rationale;
    private final String remediation;
    private final String guardCategory;

    DetectionRule(String id, Shape shape, FindingSeverity severity, String title, String rationale,
            String remediation, String guardCategory) {
        this.id = id;
        this.shape = shape;
        this.severity = severity;
        this.title = title;
        this.rationale = rationale;
        this.remediation = remediation;
        this.guardCategory = guardCategory;
    }

    public String id() {
        return id;
    }

    public Shape shape() {
        return shape;
    }

    public FindingSeverity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String rationale() {
        return rationale;
    }

    public String remediation() {
        return remediation;
    }

    public String guardCategory() {
        return guardCategory;
    }

    public static Optional<DetectionRule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
