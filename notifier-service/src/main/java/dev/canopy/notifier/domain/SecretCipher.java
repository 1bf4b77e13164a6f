package dev.canopy.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.notifier.config.CipherConfig;

/**
 * AES-256-GCM for signing secrets at rest, stored as {@code <keyId>:<base64(iv | ciphertext+tag)>}. The tenant
 * and subscription ids are the associated data: a ciphertext moved to another row does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private final String activeKey;

    public SecretCipher(CipherConfig config) {
        config.keys().forEach((id, b64) -> {
            byte[] raw = Base64.getDecoder().decode(b64.trim());
            if (raw.length != 32) {
                throw new IllegalStateException("canopy.crypto.keys." + id + " must be a base64 32-byte key");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(config.activeKey())) {
            throw new IllegalStateException("canopy.crypto.active-key '" + config.activeKey() + "' has no key configured");
        }
        this.activeKey = config.activeKey();
    }

    public String encrypt(String context, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.get(activeKey), iv, context, plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return activeKey + ":" + Base64.getEncoder().encodeToString(out);
    }

    public String decrypt(String context, String stored) {
        int colon = stored.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(stored.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("secret was encrypted with a key that is not configured");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
        byte[] plain = run(Cipher.DECRYPT_MODE, key, Arrays.copyOf(all, IV_BYTES), context,
                Arrays.copyOfRange(all, IV_BYTES, all.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] iv, String context, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption") + " failed", e);
        }
    }
}
