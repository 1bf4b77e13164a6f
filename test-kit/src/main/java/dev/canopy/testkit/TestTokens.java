package dev.canopy.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.TenantClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Bearer tokens for tests, signed with the run's {@link TestKeys}. Tokens carry the audience of the service under
 * test (its {@code mp.jwt.verify.audiences}, read from the running application's configuration) unless a test asks
 * for another one.
 */
public final class TestTokens {
    private TestTokens() {
    }

    public static String tenantAdmin(String tenantId) {
        return token(tenantId, Roles.TENANT_ADMIN, Roles.TENANT_READER);
    }

    public static String tenantReader(String tenantId) {
        return token(tenantId, Roles.TENANT_READER);
    }

    public static String token(String tenantId, String... roles) {
        return forAudience(serviceAudience(), tenantId, roles);
    }

    /** A valid token of the run's key pair for another service (or for none: {@code audience} null). */
    public static String forAudience(String audience, String tenantId, String... roles) {
        return sign(claims(tenantId, roles, Instant.now()).expiresIn(Duration.ofMinutes(30)), audience);
    }

    /** A correctly signed token for this service that expired {@code ago}. */
    public static String expired(String tenantId, Duration ago) {
        Instant iat = Instant.now().minus(ago).minus(Duration.ofMinutes(5));
        return sign(claims(tenantId, new String[] { Roles.TENANT_ADMIN, Roles.TENANT_READER }, iat)
                .expiresAt(Instant.now().minus(ago)), serviceAudience());
    }

    /** A correctly signed, unexpired token for this service issued {@code age} ago. */
    public static String issuedAgo(String tenantId, Duration age) {
        Instant iat = Instant.now().minus(age);
        return sign(claims(tenantId, new String[] { Roles.TENANT_ADMIN, Roles.TENANT_READER }, iat)
                .expiresAt(Instant.now().plus(Duration.ofMinutes(30))), serviceAudience());
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String signedByStranger(String tenantId) {
        try {
            var gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            var builder = Jwt.issuer(TenantClaims.ISSUER).subject("intruder").claim(TenantClaims.TENANT_ID, tenantId)
                    .groups(Set.of(Roles.TENANT_ADMIN));
            String aud = serviceAudience();
            if (aud != null) {
                builder.audience(aud);
            }
            return builder.sign(gen.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The audience the service under test requires: the first of its {@code mp.jwt.verify.audiences}. Outside a
     * Quarkus application (no such configuration) tokens carry no audience.
     */
    public static String serviceAudience() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.audiences", String.class)
                    .map(a -> a.split(",")[0].trim()).filter(a -> !a.isEmpty()).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static JwtClaimsBuilder claims(String tenantId, String[] roles, Instant issuedAt) {
        JwtClaimsBuilder builder = Jwt.issuer(TenantClaims.ISSUER)
                .subject("test-user@" + tenantId)
                .groups(Set.of(roles))
                .issuedAt(issuedAt);
        if (tenantId != null) {
            builder.claim(TenantClaims.TENANT_ID, tenantId);
        }
        return builder;
    }

    private static String sign(JwtClaimsBuilder builder, String audience) {
        if (audience != null) {
            builder.audience(audience);
        }
        return builder.jws().keyId("test").sign(TestKeys.get().privateKey());
    }
}
