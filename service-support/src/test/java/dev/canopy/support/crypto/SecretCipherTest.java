package dev.canopy.support.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String K1 = key(1);
    private static final String K2 = key(2);
    private final CipherContext siteA = CipherContext.of("connector.site-token", "tenant-a", "conn-1", "https://a.atlassian.net");

    @Test
    void roundTripsUnderTheSameContext() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1));
        String stored = cipher.encrypt(siteA, "ATATT3x-secret");
        assertThat(stored).startsWith("v2:k1:").doesNotContain("ATATT3x");
        assertThat(cipher.decrypt(siteA, stored)).isEqualTo("ATATT3x-secret");
    }

    @Test
    void aCiphertextMovedToAnotherTenantConnectionFieldOrSiteDoesNotDecrypt() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1));
        String stored = cipher.encrypt(siteA, "ATATT3x-secret");
        for (CipherContext other : new CipherContext[] {
                CipherContext.of("connector.site-token", "tenant-b", "conn-1", "https://a.atlassian.net"),
                CipherContext.of("connector.site-token", "tenant-a", "conn-2", "https://a.atlassian.net"),
                CipherContext.of("connector.org-api-key", "tenant-a", "conn-1", "https://a.atlassian.net"),
                CipherContext.of("connector.site-token", "tenant-a", "conn-1", "https://evil.example.com"),
                // length prefixes: moving a separator between parts changes the binding
                CipherContext.of("connector.site-token", "tenant-aconn-1", "", "https://a.atlassian.net") }) {
            assertThatThrownBy(() -> cipher.decrypt(other, stored)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void tamperingIsDetected() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1));
        String stored = cipher.encrypt(siteA, "secret");
        byte[] raw = Base64.getDecoder().decode(stored.substring("v2:k1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = "v2:k1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> cipher.decrypt(siteA, tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(siteA, "v2:k1:AAAA")).hasMessageContaining("truncated");
    }

    @Test
    void oldKeysStayReadableAndAreFlaggedForReencryption() {
        String underK1 = new SecretCipher("k1", Map.of("k1", K1)).encrypt(siteA, "secret");
        SecretCipher rotated = new SecretCipher("k2", Map.of("k1", K1, "k2", K2));
        assertThat(rotated.decrypt(siteA, underK1)).isEqualTo("secret");
        assertThat(rotated.needsReencryption(underK1)).isTrue();
        assertThat(rotated.needsReencryption(rotated.encrypt(siteA, "secret"))).isFalse();
        assertThatThrownBy(() -> new SecretCipher("k2", Map.of("k2", K2)).decrypt(siteA, underK1))
                .hasMessageContaining("not configured");
    }

    @Test
    void theLegacyFormatIsReadableForMigrationOnly() throws Exception {
        // the first format: <keyId>:<base64(iv | ct+tag)> with the tenant id alone as associated data
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(K1), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD("tenant-a".getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal("old-token".getBytes(StandardCharsets.UTF_8));
        byte[] all = Arrays.copyOf(iv, 12 + ct.length);
        System.arraycopy(ct, 0, all, 12, ct.length);
        String legacy = "k1:" + Base64.getEncoder().encodeToString(all);

        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1));
        assertThat(cipher.needsReencryption(legacy)).isTrue();
        assertThat(cipher.decryptLegacy("tenant-a", legacy)).isEqualTo("old-token");
        assertThatThrownBy(() -> cipher.decryptLegacy("tenant-b", legacy)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(siteA, legacy)).hasMessageContaining("legacy");
    }

    @Test
    void badKeysAreRejectedAtStartUp() {
        assertThatThrownBy(() -> new SecretCipher("k1", Map.of("k1", "c2hvcnQ="))).hasMessageContaining("32-byte");
        assertThatThrownBy(() -> new SecretCipher("k9", Map.of("k1", K1))).hasMessageContaining("no key configured");
        assertThatThrownBy(() -> new SecretCipher("k1", Map.of("k1", "***"))).hasMessageContaining("base64");
    }

    private static String key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return Base64.getEncoder().encodeToString(k);
    }
}
