package dev.canopy.console.domain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.canopy.contracts.rest.Roles;

/**
 * Maps the identity provider's roles or groups to Canopy roles. Entries are {@code idp-role=canopy-role}; Canopy role
 * names given by the IdP directly count as themselves. A user with no mapped role gets none and cannot sign in.
 * An admin always reads too.
 */
public final class RoleMapping {
    private static final Set<String> CANOPY_ROLES = Set.of(Roles.TENANT_ADMIN, Roles.TENANT_READER);

    private RoleMapping() {
    }

    public static Set<String> map(Collection<String> idpRoles, List<String> entries) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : idpRoles) {
            if (CANOPY_ROLES.contains(r)) {
                out.add(r);
            }
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                if (eq > 0 && entry.substring(0, eq).trim().equals(r)) {
                    String target = entry.substring(eq + 1).trim();
                    if (CANOPY_ROLES.contains(target)) {
                        out.add(target);
                    }
                }
            }
        }
        if (out.contains(Roles.TENANT_ADMIN)) {
            out.add(Roles.TENANT_READER);
        }
        return out;
    }
}
