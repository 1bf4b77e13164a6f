package dev.canopy.findings.domain.posture;

import static dev.canopy.findings.store.FindingSeverity.HIGH;
import static dev.canopy.findings.store.FindingSeverity.LOW;
import static dev.canopy.findings.store.FindingSeverity.MEDIUM;

import java.util.List;
import java.util.Map;

import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.findings.store.FindingSeverity;

/** Organization-wide settings: policies and domains. */
final class OrganizationChecks {
    private OrganizationChecks() {
    }

    static List<PostureCheck> all() {
        return List.of(
                new PostureCheck("ip-allowlist-missing", "IP allowlist not enabled", HIGH, "organization",
                        "Without an IP allowlist, stolen sessions and API tokens work from anywhere on the internet.",
                        "In Atlassian Administration go to Security > IP allowlists, create an allowlist with your "
                                + "corporate egress ranges and apply it to every product (needs an Enterprise or Premium plan).",
                        List.of(), true,
                        (inv, t) -> inv.enabledPolicies(Policies.IP_ALLOWLIST).isEmpty()
                                ? List.of(Violation.organization(Map.of("enabledIpAllowlists", 0)))
                                : List.of()),
                new PostureCheck("no-verified-domain", "No verified domain", HIGH, "organization",
                        "Only accounts on a verified domain become managed accounts that the organization can "
                                + "secure with authentication policies, MFA and deprovisioning.",
                        "In Atlassian Administration go to Settings > Domains, add your company domain and verify it "
                                + "by DNS TXT record or HTTPS.",
                        List.of(), true,
                        (inv, t) -> inv.domains().stream().noneMatch(DomainData::verified)
                                ? List.of(Violation.organization(Map.of("domains", inv.domains().size())))
                                : List.of()),
                new PostureCheck("domain-unverified", "Claimed domain not verified", LOW, "organization",
                        "Accounts on an unverified domain stay unmanaged and outside the organization's policies.",
                        "In Atlassian Administration go to Settings > Domains and finish verification of the domain, "
                                + "or remove the claim if the domain is not yours.",
                        List.of(), false,
                        (inv, t) -> inv.domains().stream().filter(d -> !d.verified())
                                .map(d -> new Violation("domain", d.domainId(), d.name(),
                                        Map.of("claimStatus", String.valueOf(d.claimStatus()))))
                                .toList()),
                new PostureCheck("sso-not-enforced", "Single sign-on not enforced", HIGH, "authentication",
                        "Without SSO through your identity provider, Atlassian passwords bypass the company's "
                                + "login controls and joiner/leaver process.",
                        "Connect your identity provider under Security > Identity providers, then enable "
                                + "'Enforce single sign-on' in the authentication policy of your managed accounts.",
                        List.of(), true,
                        (inv, t) -> inv.enabledPolicies(Policies.AUTHENTICATION).stream()
                                .anyMatch(p -> Policies.on(p, "ssoEnforced", "sso", "singleSignOn"))
                                ? List.of() : List.of(Violation.organization(Map.of("ssoEnforced", false)))),
                new PostureCheck("two-step-not-required", "Two-step verification not required", HIGH, "authentication",
                        "Optional two-step verification leaves password-only accounts that fall to phishing and "
                                + "credential stuffing.",
                        "In Security > Authentication policies, edit the policy of your managed accounts and set "
                                + "two-step verification to 'Required' (or enforce MFA in your SSO identity provider).",
                        List.of(), true,
                        (inv, t) -> inv.enabledPolicies(Policies.AUTHENTICATION).stream()
                                .anyMatch(p -> Policies.on(p, "twoStepVerification", "twoStepVerificationRequired",
                                        "mfaRequired"))
                                ? List.of() : List.of(Violation.organization(Map.of("twoStepRequired", false)))),
                new PostureCheck("idle-session-too-long", "Idle session duration too long", LOW, "authentication",
                        "Long idle sessions leave unattended browsers logged in and widen the window for session theft.",
                        "In Security > Authentication policies, lower the idle session duration of the policy.",
                        List.of(Thresholds.MAX_IDLE_SESSION_MINUTES), false,
                        (inv, t) -> inv.enabledPolicies(Policies.AUTHENTICATION).stream()
                                .filter(p -> {
                                    Long idle = Policies.number(p, "idleSessionDurationMinutes");
                                    return idle != null && idle > t.number(Thresholds.MAX_IDLE_SESSION_MINUTES);
                                })
                                .map(p -> policyViolation(p, Map.of("idleSessionDurationMinutes",
                                        Policies.number(p, "idleSessionDurationMinutes"))))
                                .toList()),
                new PostureCheck("data-security-policy-missing", "No data security policy", MEDIUM, "data-protection",
                        "Without a data security policy, content can be exported, shared by public link and read by "
                                + "apps without restriction.",
                        "In Atlassian Administration go to Security > Data security policies and create a policy that "
                                + "blocks public links, anonymous access and data export for sensitive spaces and projects "
                                + "(needs Atlassian Guard).",
                        List.of(), true,
                        (inv, t) -> inv.enabledPolicies(Policies.DATA_SECURITY).isEmpty()
                                ? List.of(Violation.organization(Map.of("enabledDataSecurityPolicies", 0)))
                                : List.of()));
    }

    private static Violation policyViolation(OrgPolicyData p, Map<String, Object> facts) {
        return new Violation("org-policy", p.policyId(), p.name(), facts);
    }
}
