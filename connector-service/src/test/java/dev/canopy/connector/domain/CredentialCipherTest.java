package dev.canopy.connector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.canopy.connector.domain.CredentialCipher.UnreadableCredentialException;
import dev.canopy.connector.store.Connection;
import dev.canopy.support.crypto.SecretCipher;

/** The connector's binding of credentials to tenant, connection, field and site, on top of the shared cipher. */
class CredentialCipherTest {
    private static final String K1 = key(1);
    private static final String K2 = key(2);
    private static final String SITE_A = "https://a.atlassian.net";
    private static final String SITE_B = "https://b.atlassian.net";
    private final CredentialCipher credentials = new CredentialCipher(new SecretCipher("k1", Map.of("k1", K1)));
    private final UUID connection = UUID.randomUUID();

    @Test
    void eachCredentialOpensOnlyWhereItWasSealed() {
        String orgKey = credentials.encryptOrgKey("tenant-a", connection, "org-secret");
        String tokenA = credentials.encryptSiteToken("tenant-a", connection, SITE_A, "token-a");
        Connection c = connection("tenant-a", connection, orgKey, List.of(site(SITE_A, tokenA)));
        assertThat(credentials.orgKey(c)).isEqualTo("org-secret");
        assertThat(credentials.siteToken(c, c.sites().get(0))).isEqualTo("token-a");

        // copied to another connection, another tenant, the other field or another site: refused
        Connection elsewhere = connection("tenant-a", UUID.randomUUID(), orgKey, List.of(site(SITE_A, tokenA)));
        assertThatThrownBy(() -> credentials.orgKey(elsewhere)).isInstanceOf(UnreadableCredentialException.class);
        assertThatThrownBy(() -> credentials.siteToken(elsewhere, elsewhere.sites().get(0)))
                .isInstanceOf(UnreadableCredentialException.class);
        Connection otherTenant = connection("tenant-b", connection, orgKey, List.of());
        assertThatThrownBy(() -> credentials.orgKey(otherTenant)).isInstanceOf(UnreadableCredentialException.class);
        Connection swapped = connection("tenant-a", connection, tokenA, List.of(site(SITE_A, orgKey)));
        assertThatThrownBy(() -> credentials.orgKey(swapped)).isInstanceOf(UnreadableCredentialException.class);
        assertThatThrownBy(() -> credentials.siteToken(swapped, swapped.sites().get(0)))
                .isInstanceOf(UnreadableCredentialException.class);
        Connection moved = connection("tenant-a", connection, orgKey, List.of(site(SITE_B, tokenA)));
        assertThatThrownBy(() -> credentials.siteToken(moved, moved.sites().get(0)))
                .isInstanceOf(UnreadableCredentialException.class)
                .hasMessageContaining(SITE_B).hasMessageNotContaining("token-a");
    }

    @Test
    void legacyRowsAreReboundToTheirConnectionAndStillOpen() throws Exception {
        Connection legacy = connection("tenant-a", connection, legacy("tenant-a", "org-secret"),
                List.of(site(SITE_A, legacy("tenant-a", "token-a"))));
        assertThat(credentials.needsRebind(legacy)).isTrue();
        assertThat(credentials.orgKey(legacy)).isEqualTo("org-secret");

        Connection rebound = credentials.rebind(legacy);
        assertThat(credentials.needsRebind(rebound)).isFalse();
        assertThat(rebound.orgApiKeyEncrypted()).startsWith("v2:k1:");
        assertThat(credentials.orgKey(rebound)).isEqualTo("org-secret");
        assertThat(credentials.siteToken(rebound, rebound.sites().get(0))).isEqualTo("token-a");
        // once bound, the same ciphertext no longer opens on another connection
        Connection copied = connection("tenant-a", UUID.randomUUID(), rebound.orgApiKeyEncrypted(), List.of());
        assertThatThrownBy(() -> credentials.orgKey(copied)).isInstanceOf(UnreadableCredentialException.class);
    }

    @Test
    void aCredentialSealedWithARetiredKeyNeedsRebindingUnderTheActiveOne() {
        CredentialCipher old = new CredentialCipher(new SecretCipher("k1", Map.of("k1", K1)));
        CredentialCipher rotated = new CredentialCipher(new SecretCipher("k2", Map.of("k1", K1, "k2", K2)));
        Connection c = connection("tenant-a", connection, old.encryptOrgKey("tenant-a", connection, "org-secret"),
                List.of());
        assertThat(rotated.needsRebind(c)).isTrue();
        Connection rebound = rotated.rebind(c);
        assertThat(rebound.orgApiKeyEncrypted()).startsWith("v2:k2:");
        assertThat(rotated.needsRebind(rebound)).isFalse();
        assertThat(rotated.orgKey(rebound)).isEqualTo("org-secret");
    }

    private static Connection connection(String tenant, UUID id, String orgKey, List<Connection.Site> sites) {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        return new Connection(id, tenant, "c", "org-1", "https://api.atlassian.com", orgKey, sites, "active", null,
                1440, 60, null, null, now, now, null, false, 60, null, null);
    }

    private static Connection.Site site(String url, String token) {
        return new Connection.Site(url, null, "admin@example.com", token);
    }

    /** The first stored format: {@code <keyId>:<base64(iv | ct+tag)>}, the tenant id alone as associated data. */
    private static String legacy(String tenant, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(K1), "AES"),
                new GCMParameterSpec(128, iv));
        c.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] all = Arrays.copyOf(iv, iv.length + ct.length);
        System.arraycopy(ct, 0, all, iv.length, ct.length);
        return "k1:" + Base64.getEncoder().encodeToString(all);
    }

    private static String key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return Base64.getEncoder().encodeToString(k);
    }
}
