package dev.canopy.tokens;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import dev.canopy.contracts.rest.TenantClaims;
import io.smallrye.jwt.build.Jwt;

/**
 * Mints the RS256 access tokens the services accept ({@code iss} canopy, {@code aud} per service, {@code tenant_id},
 * roles in {@code groups}, {@code iat}/{@code exp}). One implementation for every minter: the operator's token CLI, the
 * local launcher and the console (which mints a short-lived token per service from a verified session).
 */
public final class ServiceTokens {
    private ServiceTokens() {
    }

    public static String mint(PrivateKey key, String tenant, String subject, Set<String> roles, Duration ttl,
            Set<String> audiences) {
        return Jwt.issuer(TenantClaims.ISSUER)
                .subject(subject)
                .audience(audiences)
                .claim(TenantClaims.TENANT_ID, tenant)
                .groups(roles)
                .expiresIn(ttl)
                .sign(key);
    }

    /** A token for one service ({@code connector}, {@code inventory}, ...): only that service accepts it. */
    public static String mintFor(PrivateKey key, String tenant, String subject, Set<String> roles, Duration ttl,
            String service) {
        return mint(key, tenant, subject, roles, ttl, Set.of(TenantClaims.audience(service)));
    }

    /** Reads an unencrypted PKCS#8 RSA private key in PEM form ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey privateKeyFromPem(String pem) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key in PEM form", e);
        }
    }
}
