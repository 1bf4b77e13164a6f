package dev.canopy.support.crypto;

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
import jakarta.inject.Inject;

/**
 * AES-256-GCM for secrets at rest, the one implementation every service uses.
 *
 * <p>Stored form: {@code v2:<keyId>:<base64(iv | ciphertext+tag)>}, associated data from a {@link CipherContext}.
 * The key id lets old ciphertexts be read after the active key changes; {@link #needsReencryption} tells a store
 * which rows to rewrite (another key, or the first format). The first format, {@code <keyId>:<base64>} with a single
 * string as associated data, is still readable through {@link #decryptLegacy} so rows written before contexts existed
 * can be migrated; it is never written.
 */
@ApplicationScoped
public class SecretCipher {
    private static final String FORMAT = "v2";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private final String activeKey;

    @Inject
    public SecretCipher(CipherConfig config) {
        this(config.activeKey(), config.keys());
    }

    public SecretCipher(String activeKey, Map<String, String> base64Keys) {
        base64Keys.forEach((id, b64) -> {
            if (id.contains(":")) {
                throw new IllegalStateException("canopy.crypto.keys." + id + ": a key id must not contain ':'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(b64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("canopy.crypto.keys." + id + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("canopy.crypto.keys." + id + " must be a base64 32-byte key, was " + raw.length + " bytes");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(activeKey)) {
            throw new IllegalStateException("canopy.crypto.active-key '" + activeKey + "' has no key configured");
        }
        this.activeKey = activeKey;
    }

    public String encrypt(CipherContext context, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.get(activeKey), iv, context.associatedData(),
                plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return FORMAT + ":" + activeKey + ":" + Base64.getEncoder().encodeToString(out);
    }

    /** Fails (IllegalStateException) when the ciphertext was bound to another context, tampered with, or is legacy. */
    public String decrypt(CipherContext context, String stored) {
        if (!stored.startsWith(FORMAT + ":")) {
            throw new IllegalStateException("secret is stored in the legacy format; migrate it with decryptLegacy");
        }
        return open(stored.substring(FORMAT.length() + 1), context.associatedData());
    }

    /** Reads the first stored format, whose associated data was one string (e.g. the tenant id); for migrations. */
    public String decryptLegacy(String legacyAssociatedData, String stored) {
        if (isCurrentFormat(stored)) {
            throw new IllegalStateException("secret is not in the legacy format");
        }
        return open(stored, legacyAssociatedData.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isCurrentFormat(String stored) {
        return stored != null && stored.startsWith(FORMAT + ":");
    }

    /** True for legacy rows and rows sealed with a key other than the active one. */
    public boolean needsReencryption(String stored) {
        return !isCurrentFormat(stored) || !stored.startsWith(FORMAT + ":" + activeKey + ":");
    }

    public String activeKeyId() {
        return activeKey;
    }

    private String open(String keyIdAndPayload, byte[] aad) {
        int colon = keyIdAndPayload.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(keyIdAndPayload.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("secret was encrypted with a key that is not configured");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(keyIdAndPayload.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("secret is not valid base64");
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("secret is truncated");
        }
        byte[] plain = run(Cipher.DECRYPT_MODE, key, Arrays.copyOf(all, IV_BYTES), aad,
                Arrays.copyOfRange(all, IV_BYTES, all.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption") + " failed", e);
        }
    }
}
