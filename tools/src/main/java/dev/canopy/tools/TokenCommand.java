package dev.canopy.tools;

import java.time.Duration;
import java.util.Set;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.TenantClaims;
import io.smallrye.jwt.build.Jwt;

/** Mints a bearer token for local use, signed with the key pair in {@link CanopyHome}. */
public final class TokenCommand {
    private TokenCommand() {
    }

    public static String run(Args args) {
        String tenant = args.get("tenant", null);
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant is required");
        }
        Set<String> roles = Set.of(args.get("roles", Roles.TENANT_ADMIN + "," + Roles.TENANT_READER).split(","));
        Duration ttl = Duration.ofHours(Long.parseLong(args.get("hours", "12")));
        return mint(CanopyHome.fromEnvironment(), tenant, args.get("subject", "local-operator"), roles, ttl);
    }

    public static String mint(CanopyHome home, String tenant, String subject, Set<String> roles, Duration ttl) {
        return Jwt.issuer(TenantClaims.ISSUER)
                .subject(subject)
                .claim(TenantClaims.TENANT_ID, tenant)
                .groups(roles)
                .expiresIn(ttl)
                .sign(home.privateKey());
    }
}
