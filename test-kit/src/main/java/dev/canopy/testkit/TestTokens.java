package dev.canopy.testkit;

import java.time.Duration;
import java.util.Set;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.TenantClaims;
import io.smallrye.jwt.build.Jwt;

/** Bearer tokens for tests, signed with the run's {@link TestKeys}. */
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
        var builder = Jwt.issuer(TenantClaims.ISSUER)
                .subject("test-user@" + tenantId)
                .groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1));
        if (tenantId != null) {
            builder.claim(TenantClaims.TENANT_ID, tenantId);
        }
        return builder.jws().keyId("test").sign(TestKeys.get().privateKey());
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String signedByStranger(String tenantId) {
        try {
            var gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return Jwt.issuer(TenantClaims.ISSUER).subject("intruder").claim(TenantClaims.TENANT_ID, tenantId)
                    .groups(Set.of(Roles.TENANT_ADMIN)).sign(gen.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
