package dev.canopy.contracts.events.data;

import java.util.List;
import java.util.Map;

/**
 * An organization policy (ip-allowlist, data-security, data-residency, authentication, ...).
 * {@code attributes} keeps the policy-type specific settings as Atlassian returns them.
 */
public record OrgPolicyData(String policyId, String type, String name, String status, List<String> resources,
        Map<String, Object> attributes) implements EntityData {
    public OrgPolicyData {
        Required.text("policyId", policyId);
        Required.text("type", type);
        resources = Required.list(resources);
        attributes = attributes == null ? Map.of() : attributes;
    }

    @Override
    public String entityId() {
        return policyId;
    }

    public boolean enabled() {
        return "enabled".equalsIgnoreCase(status);
    }
}
