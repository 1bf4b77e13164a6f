package dev.canopy.notifier.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Standard Webhooks symmetric secrets: {@code whsec_} + base64 of 32 random bytes (the spec allows 24 to 64). */
public final class SigningSecret {
    public static final String PREFIX = "whsec_";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecret() {
    }

    public static String generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key bytes of a {@code whsec_} secret. */
    public static byte[] keyBytes(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
