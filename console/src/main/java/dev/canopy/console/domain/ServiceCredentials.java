package dev.canopy.console.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.console.config.ConsoleConfig;
import dev.canopy.tokens.ServiceTokens;

/**
 * Mints the token for one call of one service on a session's behalf: audience that service only, tenant and roles of
 * the verified session, lifetime at most five minutes. Tokens never leave the console (they are not sent to the
 * browser), so a stolen session cookie is the only way in, and it expires with the session.
 */
@ApplicationScoped
public class ServiceCredentials {
    static final Duration MAX_TTL = Duration.ofMinutes(5);

    @Inject
    ConsoleConfig config;

    private PrivateKey key;
    private Duration ttl;

    @PostConstruct
    void load() {
        String location = config.tokens().privateKey().replaceFirst("^file:", "")
                .replaceFirst("^~", System.getProperty("user.home"));
        try {
            key = ServiceTokens.privateKeyFromPem(Files.readString(Path.of(location)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the token signing key " + location
                    + " (CONSOLE_TOKEN_PRIVATE_KEY)", e);
        }
        ttl = config.tokens().ttl().compareTo(MAX_TTL) > 0 ? MAX_TTL : config.tokens().ttl();
    }

    public String tokenFor(ConsoleSession session, String service) {
        return ServiceTokens.mintFor(key, session.tenant(), session.subject(), session.roles(), ttl, service);
    }
}
