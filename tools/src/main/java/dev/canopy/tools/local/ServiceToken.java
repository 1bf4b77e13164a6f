package dev.canopy.tools.local;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import dev.canopy.tools.CanopyHome;
import dev.canopy.tools.TokenCommand;

/**
 * A tenant's token for one service (its audience only), minted again when half of its lifetime has passed, so a long
 * demo or test never presents a token older than the services' maximum token age.
 */
final class ServiceToken implements Supplier<String> {
    private static final Duration TTL = Duration.ofMinutes(30);
    private final CanopyHome home;
    private final String tenant;
    private final String service;
    private final Set<String> roles;
    private String token;
    private long mintedAt;

    ServiceToken(CanopyHome home, String tenant, String service, Set<String> roles) {
        this.home = home;
        this.tenant = tenant;
        this.service = service;
        this.roles = roles;
    }

    @Override
    public synchronized String get() {
        if (token == null || System.nanoTime() - mintedAt > TTL.toNanos() / 2) {
            token = TokenCommand.mint(home, tenant, tenant + "-operator", roles, TTL, service);
            mintedAt = System.nanoTime();
        }
        return token;
    }
}
