package dev.canopy.connector.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.crypto.CipherConfig;

/**
 * AES-256-GCM for credentials at rest. Stored form: {@code <keyId>:<base64(iv | ciphertext+tag)>}; the key id
 * lets old ciphertexts be read after the active key changes. The tenant id is bound as associated data, so a
 * ciphertext copied to another tenant's row does not decrypt.
 */
@ApplicationScoped
public class CredentialCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private final String activeKey;

    public CredentialCipher(CipherConfig config) {
        config.keys().forEach((id, b64) -> {
            byte[] raw = Base64.getDecoder().decode(b64.trim());
            if (raw.length != 32) {
                throw new IllegalStateException("canopy.crypto.keys." + id + " must be 32 bytes (base64), was " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(config.activeKey())) {
            throw new IllegalStateException("canopy.crypto.active-key '" + config.activeKey() + "' has no key configured");
        }
        this.activeKey = config.activeKey();
    }

    public String encrypt(String tenantId, String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(tenantId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return activeKey + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String tenantId, String stored) {
        int colon = stored.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(stored.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("credential was encrypted with a key that is not configured");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(tenantId.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential could not be decrypted", e);
        }
    }

    public String activeKeyId() {
        return activeKey;
    }
}
