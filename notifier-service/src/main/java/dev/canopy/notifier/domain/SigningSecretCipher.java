package dev.canopy.notifier.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.crypto.CipherContext;
import dev.canopy.support.crypto.SecretCipher;

/**
 * Signing secrets at rest: the shared {@link SecretCipher}, bound to the tenant and subscription, so a ciphertext
 * copied to another subscription's row does not decrypt. Rows written before the shared cipher (format
 * {@code <keyId>:...} with {@code tenant/subscription} as associated data) stay readable; they are rewritten in the
 * current format when the secret is next rotated.
 */
@ApplicationScoped
public class SigningSecretCipher {
    private static final String PURPOSE = "notifier.signing-secret";
    private final SecretCipher cipher;

    public SigningSecretCipher(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public String seal(String tenantId, String subscriptionId, String secret) {
        return cipher.encrypt(CipherContext.of(PURPOSE, tenantId, subscriptionId), secret);
    }

    public String open(String tenantId, String subscriptionId, String stored) {
        return SecretCipher.isCurrentFormat(stored)
                ? cipher.decrypt(CipherContext.of(PURPOSE, tenantId, subscriptionId), stored)
                : cipher.decryptLegacy(tenantId + "/" + subscriptionId, stored);
    }
}
