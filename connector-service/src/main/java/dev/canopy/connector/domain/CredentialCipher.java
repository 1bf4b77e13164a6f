package dev.canopy.connector.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.store.Connection;
import dev.canopy.support.crypto.CipherContext;
import dev.canopy.support.crypto.SecretCipher;

/**
 * The connector's credentials at rest, through the shared {@link SecretCipher}. Every ciphertext is bound (AES-GCM
 * associated data) to the one place it belongs: tenant, connection and field, and for a site token also the site URL
 * it may be sent to. A ciphertext copied to another connection, into the other field or to another site does not
 * decrypt.
 *
 * <p>Rows written before this binding ({@code <keyId>:<b64>}, associated data = tenant id) are read with
 * {@link SecretCipher#decryptLegacy} and re-encrypted: all of them at start-up ({@link CredentialMigration}), and any
 * one met later when it is used ({@link #rebind}).
 */
@ApplicationScoped
public class CredentialCipher {
    static final String ORG_KEY = "connector.org-api-key";
    static final String SITE_TOKEN = "connector.site-token";
    private final SecretCipher cipher;

    public CredentialCipher(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** A stored credential that does not decrypt here (moved from elsewhere, tampered, or its key is gone). */
    public static class UnreadableCredentialException extends RuntimeException {
        public UnreadableCredentialException(String what) {
            super("stored " + what + " cannot be decrypted here; enter it again");
        }
    }

    public String encryptOrgKey(String tenantId, UUID connectionId, String plaintext) {
        return cipher.encrypt(orgKey(tenantId, connectionId), plaintext);
    }

    public String encryptSiteToken(String tenantId, UUID connectionId, String siteUrl, String plaintext) {
        return cipher.encrypt(siteToken(tenantId, connectionId, siteUrl), plaintext);
    }

    public String orgKey(Connection c) {
        return open(c.tenantId(), orgKey(c.tenantId(), c.id()), c.orgApiKeyEncrypted(), "org API key");
    }

    public String siteToken(Connection c, Connection.Site s) {
        return open(c.tenantId(), siteToken(c.tenantId(), c.id(), s.url()), s.apiTokenEncrypted(),
                "API token of " + s.url());
    }

    /** True when a credential of {@code c} is in the legacy format or sealed with a retired key. */
    public boolean needsRebind(Connection c) {
        return cipher.needsReencryption(c.orgApiKeyEncrypted())
                || c.sites().stream().anyMatch(s -> cipher.needsReencryption(s.apiTokenEncrypted()));
    }

    /** {@code c} with every credential re-encrypted in the current, bound format under the active key. */
    public Connection rebind(Connection c) {
        String key = encryptOrgKey(c.tenantId(), c.id(), orgKey(c));
        List<Connection.Site> sites = new ArrayList<>();
        for (Connection.Site s : c.sites()) {
            sites.add(new Connection.Site(s.url(), s.siteId(), s.adminEmail(),
                    encryptSiteToken(c.tenantId(), c.id(), s.url(), siteToken(c, s))));
        }
        return c.withCredentials(key, sites);
    }

    private String open(String tenantId, CipherContext context, String stored, String what) {
        try {
            return SecretCipher.isCurrentFormat(stored) ? cipher.decrypt(context, stored)
                    : cipher.decryptLegacy(tenantId, stored);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UnreadableCredentialException(what);
        }
    }

    static CipherContext orgKey(String tenantId, UUID connectionId) {
        return CipherContext.of(ORG_KEY, tenantId, connectionId.toString());
    }

    static CipherContext siteToken(String tenantId, UUID connectionId, String siteUrl) {
        return CipherContext.of(SITE_TOKEN, tenantId, connectionId.toString(), siteUrl);
    }
}
