package dev.canopy.console.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The console's settings (environment variables in README "Console"). */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {
    /** Base URLs of the four services' REST APIs. */
    Services services();

    /** The key that signs the per-service tokens (the private half of the key pair the services trust). */
    Tokens tokens();

    Session session();

    LocalSignIn localSignIn();

    Oidc oidc();

    interface Services {
        @WithDefault("http://localhost:8081")
        String connector();

        @WithDefault("http://localhost:8082")
        String inventory();

        @WithDefault("http://localhost:8083")
        String findings();

        @WithDefault("http://localhost:8084")
        String notifier();

        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Tokens {
        /** PEM file of the RS256 signing key (PKCS#8). */
        String privateKey();

        /** Lifetime of a minted token; at most 5 minutes. */
        @WithDefault("PT2M")
        Duration ttl();
    }

    interface Session {
        /** A session unused this long is forgotten (the user signs in again). */
        @WithDefault("PT8H")
        Duration idleTimeout();

        /** Absolute lifetime of a session whatever its use. */
        @WithDefault("PT12H")
        Duration maxAge();

        /** Mark the session cookie Secure (off only for plain-http local runs). */
        @WithDefault("true")
        boolean secureCookie();
    }

    interface LocalSignIn {
        /** The local sign-in without an identity provider: only for {@code bin/canopy-local} and tests. */
        @WithDefault("false")
        boolean enabled();

        /** The tenants the local sign-in offers ({@code demo}; tests add a second one to check isolation). */
        @WithDefault("demo")
        List<String> tenants();
    }

    interface Oidc {
        /** Authorization-code sign-in through the operator's identity provider (quarkus.oidc.* holds the client). */
        @WithDefault("false")
        boolean enabled();

        /** The ID-token claim that names the Canopy tenant. */
        @WithDefault("tenant_id")
        String tenantClaim();

        /** The ID-token claim holding the user's groups or roles (a list or a space-separated string). */
        @WithDefault("groups")
        String rolesClaim();

        /** IdP role or group → Canopy role, e.g. {@code sec-admins=tenant-admin,sec-team=tenant-reader}. */
        Optional<List<String>> roleMap();
    }
}
