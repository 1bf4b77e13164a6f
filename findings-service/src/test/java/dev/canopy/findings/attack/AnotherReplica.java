package dev.canopy.findings.attack;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.findings.store.DlpConfigStore;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Stores a tenant's rule set as an import through another replica of the service would: in the database, not compiled
 * by this replica (as after a restart), so the tenant's next engine here compiles it.
 */
@ApplicationScoped
class AnotherReplica {
    @Inject
    Pool db;

    @Inject
    DlpConfigStore configs;

    void importedRuleSet(String tenantId, String toml, int rules) {
        db.withTransaction(s -> configs.addRuleSet(s, tenantId, new DlpConfigStore.RuleSet(UUID.randomUUID(),
                "elsewhere", toml, rules, rules, List.of(), Instant.now()), "admin")).await().indefinitely();
    }
}
