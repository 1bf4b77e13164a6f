package dev.canopy.findings.domain.posture;

import java.util.Locale;
import java.util.Set;

import dev.canopy.contracts.events.data.OrgPolicyData;

/** Reading the type-specific attributes of organization policies, which Atlassian returns as loose JSON. */
final class Policies {
    static final String IP_ALLOWLIST = "ip-allowlist";
    static final String AUTHENTICATION = "authentication";
    static final String DATA_SECURITY = "data-security";

    private static final Set<String> ON = Set.of("true", "enabled", "enforced", "required", "on");

    private Policies() {
    }

    /** True when any of the attributes is set to an "on" value (true, enabled, enforced, required). */
    static boolean on(OrgPolicyData p, String... attributes) {
        for (String a : attributes) {
            Object v = p.attributes().get(a);
            if (v != null && ON.contains(v.toString().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    static Long number(OrgPolicyData p, String attribute) {
        Object v = p.attributes().get(attribute);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? null : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
