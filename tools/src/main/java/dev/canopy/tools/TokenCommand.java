package dev.canopy.tools;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.TenantClaims;
import dev.canopy.tokens.ServiceTokens;

/**
 * Mints a bearer token for local use, signed with the key pair in {@link CanopyHome}. A token names the service(s) it
 * is for in {@code aud}; each service accepts only its own audience ({@code canopy-<service>}) and only tokens younger
 * than its maximum age (default 60 minutes), so tokens are short-lived and minted per service.
 */
public final class TokenCommand {
    public static final List<String> SERVICES = List.of("connector", "inventory", "findings", "notifier");
    /** The services' default maximum token age. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(60);

    private TokenCommand() {
    }

    public static String run(Args args) {
        String tenant = args.get("tenant", null);
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant is required");
        }
        String services = args.get("service", null);
        if (services == null) {
            throw new IllegalArgumentException("--service is required: one of " + SERVICES
                    + " (a token is only accepted by the service it names)");
        }
        Set<String> audiences = new LinkedHashSet<>();
        for (String s : services.split(",")) {
            if (!SERVICES.contains(s.trim())) {
                throw new IllegalArgumentException("unknown service '" + s + "': one of " + SERVICES);
            }
            audiences.add(TenantClaims.audience(s.trim()));
        }
        Set<String> roles = Set.of(args.get("roles", Roles.TENANT_ADMIN + "," + Roles.TENANT_READER).split(","));
        Duration ttl = Duration.ofMinutes(Long.parseLong(args.get("minutes", String.valueOf(DEFAULT_TTL.toMinutes()))));
        return mint(CanopyHome.fromEnvironment(), tenant, args.get("subject", "local-operator"), roles, ttl, audiences);
    }

    public static String mint(CanopyHome home, String tenant, String subject, Set<String> roles, Duration ttl,
            Set<String> audiences) {
        return ServiceTokens.mint(home.privateKey(), tenant, subject, roles, ttl, audiences);
    }

    /** A token for one service. */
    public static String mint(CanopyHome home, String tenant, String subject, Set<String> roles, Duration ttl,
            String service) {
        return ServiceTokens.mintFor(home.privateKey(), tenant, subject, roles, ttl, service);
    }
}
