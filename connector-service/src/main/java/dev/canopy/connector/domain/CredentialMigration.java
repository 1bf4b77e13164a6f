package dev.canopy.connector.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.ConnectionStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Start-up step: every connection whose credentials are still in the legacy format (bound to the tenant only) or
 * sealed with a retired key is re-encrypted in the bound format under the active key. Idempotent; a row that cannot
 * be decrypted is left as it is and logged (its connection reports the unreadable credential when used).
 */
@ApplicationScoped
public class CredentialMigration {
    private static final Logger LOG = Logger.getLogger(CredentialMigration.class);
    private final ConnectionStore connections;
    private final CredentialCipher cipher;

    public CredentialMigration(ConnectionStore connections, CredentialCipher cipher) {
        this.connections = connections;
        this.cipher = cipher;
    }

    void onStart(@Observes StartupEvent event) {
        int[] counts = run();
        if (counts[0] + counts[1] > 0) {
            LOG.infof("credentials re-encrypted bound to their connection/field/site: %d connections, %d unreadable",
                    counts[0], counts[1]);
        }
    }

    /** Answers {rewritten, unreadable}. */
    public int[] run() {
        int rewritten = 0;
        int unreadable = 0;
        for (UUID id : connections.allIds()) {
            Connection c = connections.findForRun(id).orElse(null);
            if (c == null || !cipher.needsRebind(c)) {
                continue;
            }
            try {
                connections.updateSecrets(cipher.rebind(c));
                rewritten++;
            } catch (CredentialCipher.UnreadableCredentialException e) {
                unreadable++;
                LOG.warnf("connection %s: %s", id, e.getMessage());
            }
        }
        return new int[] {rewritten, unreadable};
    }

    /** On use: a connection read with legacy credentials is rewritten at once; answers the connection to use. */
    public Connection rebindIfNeeded(Connection c) {
        if (!cipher.needsRebind(c)) {
            return c;
        }
        Connection bound = cipher.rebind(c);
        connections.updateSecrets(bound);
        return bound;
    }
}
