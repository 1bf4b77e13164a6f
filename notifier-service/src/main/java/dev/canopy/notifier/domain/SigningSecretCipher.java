package dev.canopy.notifier.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.crypto.CipherContext;
import dev.canopy.support.crypto.SecretCipher;

/**
 * Signing secrets at rest: the shared {@link SecretCipher}, bound to the tenant and subscription, so a ciphertext
 * copied to another subscription's row does not decrypt. Rows written before the shared cipher (format
 * {@code <keyId>:...} with {@code tenant/subscription} as associated data) stay readable; they are rewritten in the
 * current format when the secret is next rotated.
 *
 * <p>Every attempt needs its subscription's secret in clear to sign. Opening it (a cipher instance, AES-GCM over the
 * stored value) was a visible share of the event loop's time in the delivery benchmark, so opened secrets are kept
 * in a small bounded cache keyed by tenant, subscription and the stored ciphertext: a rotated secret is a new
 * ciphertext and so a new entry, and a value only ever comes from a successful decryption in the same context.
 */
@ApplicationScoped
public class SigningSecretCipher {
    private static final String PURPOSE = "notifier.signing-secret";
    private static final int OPENED_MAX = 4096;
    private final SecretCipher cipher;
    private final Map<String, String> opened = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > OPENED_MAX;
        }
    };

    public SigningSecretCipher(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public String seal(String tenantId, String subscriptionId, String secret) {
        return cipher.encrypt(CipherContext.of(PURPOSE, tenantId, subscriptionId), secret);
    }

    public String open(String tenantId, String subscriptionId, String stored) {
        String key = tenantId + '\u0000' + subscriptionId + '\u0000' + stored;
        synchronized (opened) {
            String secret = opened.get(key);
            if (secret != null) {
                return secret;
            }
        }
        String secret = decrypt(tenantId, subscriptionId, stored);
        synchronized (opened) {
            opened.put(key, secret);
        }
        return secret;
    }

    private String decrypt(String tenantId, String subscriptionId, String stored) {
        return SecretCipher.isCurrentFormat(stored)
                ? cipher.decrypt(CipherContext.of(PURPOSE, tenantId, subscriptionId), stored)
                : cipher.decryptLegacy(tenantId + "/" + subscriptionId, stored);
    }
}
