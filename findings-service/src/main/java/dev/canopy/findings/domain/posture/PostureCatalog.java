package dev.canopy.findings.domain.posture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every posture check Canopy runs, in a stable order. Ids match the simulator's planted-risk ids. */
public final class PostureCatalog {
    private static final Map<String, PostureCheck> CHECKS;

    static {
        List<PostureCheck> all = new ArrayList<>();
        all.addAll(OrganizationChecks.all());
        all.addAll(IdentityChecks.all());
        all.addAll(CredentialChecks.all());
        all.addAll(AppChecks.all());
        all.addAll(ProductAccessChecks.all());
        Map<String, PostureCheck> byId = new LinkedHashMap<>();
        for (PostureCheck c : all) {
            if (byId.put(c.id(), c) != null) {
                throw new IllegalStateException("duplicate posture check id " + c.id());
            }
        }
        CHECKS = java.util.Collections.unmodifiableMap(byId);
    }

    private PostureCatalog() {
    }

    public static List<PostureCheck> checks() {
        return List.copyOf(CHECKS.values());
    }

    public static Optional<PostureCheck> byId(String id) {
        return Optional.ofNullable(CHECKS.get(id));
    }
}
