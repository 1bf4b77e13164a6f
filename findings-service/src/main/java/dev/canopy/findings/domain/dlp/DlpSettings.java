package dev.canopy.findings.domain.dlp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.rest.Problem;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.dlp.CustomRule;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.findings.store.DlpConfigStore;
import dev.canopy.findings.store.DlpConfigStore.RuleSet;
import dev.canopy.findings.store.DlpConfigStore.TenantDlpConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A tenant's DLP configuration (built-ins switched off or on, custom rules, imported gitleaks rule sets) as the REST
 * API uses it: each change checked against the limits, written in one transaction, then the configuration as it is
 * now, read in a transaction of its own (the first read creates the tenant's row with its salt). Tenant id first on
 * every call. Engines pick a change up by the configuration version ({@link DlpEngines}).
 */
@ApplicationScoped
public class DlpSettings {
    private final Pool db;
    private final DlpConfigStore configs;
    private final DlpLimits limits;
    private final DlpScanPool pool;
    private final DlpEngines engines;

    public DlpSettings(Pool db, DlpConfigStore configs, DlpLimits limits, DlpScanPool pool, DlpEngines engines) {
        this.db = db;
        this.configs = configs;
        this.limits = limits;
        this.pool = pool;
        this.engines = engines;
    }

    /** A built-in detector and whether it runs for the tenant. */
    public record DetectorState(Detector detector, boolean enabled) {
    }

    public Uni<TenantDlpConfig> current(String tenantId) {
        return db.withTransaction(s -> configs.load(s, tenantId));
    }

    /** Every built-in detector, as the engine decides: switched off wins; off-by-default ones run only when switched on. */
    public Uni<List<DetectorState>> detectors(String tenantId) {
        return current(tenantId).map(cfg -> {
            Set<String> disabled = Set.copyOf(cfg.disabledBuiltIns());
            Set<String> enabled = Set.copyOf(cfg.enabledBuiltIns());
            return DlpEngines.builtIns().stream().map(d -> new DetectorState(d, !disabled.contains(d.id())
                    && (d.enabledByDefault() || enabled.contains(d.id())))).toList();
        });
    }

    /** Replaces the built-ins switched off (known ids only, else 400 naming {@code ids}). */
    public Uni<TenantDlpConfig> replaceDisabledBuiltIns(String tenantId, List<String> requested, String actor) {
        List<String> ids = builtInIds(requested, false);
        return db.withTransaction(s -> configs.setDisabledBuiltIns(s, tenantId, ids, actor))
                .chain(() -> current(tenantId));
    }

    /** Replaces the off-by-default built-ins switched on (only those ids, else 400 naming {@code ids}). */
    public Uni<TenantDlpConfig> replaceEnabledBuiltIns(String tenantId, List<String> requested, String actor) {
        List<String> ids = builtInIds(requested, true);
        return db.withTransaction(s -> configs.setEnabledBuiltIns(s, tenantId, ids, actor))
                .chain(() -> current(tenantId));
    }

    /** Known built-in ids (only off-by-default ones when {@code offByDefaultOnly}), distinct and sorted; else 400. */
    private static List<String> builtInIds(List<String> requested, boolean offByDefaultOnly) {
        if (requested.stream().anyMatch(id -> id == null || id.length() > 100)) {
            throw ProblemException.badParameter("ids", "ids are built-in detector ids of at most 100 chars");
        }
        Set<String> known = DlpEngines.builtIns().stream().filter(d -> !offByDefaultOnly || !d.enabledByDefault())
                .map(Detector::id).collect(Collectors.toSet());
        List<String> unknown = requested.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.badParameter("ids", (offByDefaultOnly ? "not an off-by-default built-in detector: "
                    : "unknown built-in detector(s) ") + unknown);
        }
        return requested.stream().distinct().sorted().toList();
    }

    /**
     * Adds a custom rule: 400 naming each bad field (the size and cost limits are checked before the regex is
     * compiled: a nested repetition would not compile), 400 when the tenant has its maximum, 409 when the id exists.
     */
    public Uni<TenantDlpConfig> addRule(String tenantId, CustomRule rule, String actor) {
        List<String> errors = rule.validate(limits.rules());
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "the rule is invalid: " + String.join("; ", errors),
                    errors.stream().map(e -> new Problem.FieldError(e.substring(0, Math.max(0, e.indexOf(':'))), e)).toList());
        }
        return db.withTransaction(s -> configs.load(s, tenantId).chain(cfg -> {
            if (cfg.rules().size() >= limits.maxCustomRules()) {
                throw new ProblemException(400, "Bad Request", "a tenant has at most " + limits.maxCustomRules()
                        + " custom rules", List.of(new Problem.FieldError("customRules", "at most "
                        + limits.maxCustomRules() + " custom rules per tenant; delete one first")));
            }
            return configs.addRule(s, tenantId, rule, actor);
        })).chain(added -> {
            if (!added) {
                throw ProblemException.conflict("a rule with id '" + rule.id() + "' exists already");
            }
            return current(tenantId);
        });
    }

    /** Removes a custom rule; 404 when the tenant has none with that id. */
    public Uni<TenantDlpConfig> deleteRule(String tenantId, String ruleId, String actor) {
        return db.withTransaction(s -> configs.deleteRule(s, tenantId, ruleId, actor)).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("rule", ruleId);
            }
            return current(tenantId);
        });
    }

    /**
     * Imports a gitleaks TOML file as a rule set: rules that cannot run here are listed as rejected with the reason;
     * 400 when the file is unusable or no rule of it can be imported, or when the tenant has its maximum of sets.
     */
    public Uni<RuleSet> importRuleSet(String tenantId, String name, String toml, String actor) {
        // parsed and compiled on the rules pool (seconds of CPU for a large set), not on the request's event loop,
        // in the tenant's lane (its imports one at a time, a few waiting at most)
        return pool.importing(tenantId, () -> {
            try {
                return GitleaksImporter.load(toml, limits.rules());
            } catch (RuntimeException e) {
                throw ProblemException.badParameter("body", "not a usable gitleaks TOML file: " + e.getMessage());
            }
        }).chain(result -> store(tenantId, name, toml, actor, result));
    }

    private Uni<RuleSet> store(String tenantId, String name, String toml, String actor, GitleaksImporter.Result result) {
        if (result.detectors().isEmpty()) {
            throw ProblemException.badParameter("body", "no rule of the file could be imported");
        }
        List<Map<String, Object>> rejected = result.rejected().stream()
                .map(r -> Map.<String, Object>of("ruleId", String.valueOf(r.ruleId()), "reason", r.reason())).toList();
        var set = new RuleSet(UUID.randomUUID(), name, toml, result.ruleCount(), result.detectors().size(), rejected,
                Instant.now());
        return db.withTransaction(s -> configs.load(s, tenantId).chain(cfg -> {
            if (cfg.ruleSets().size() >= limits.maxRuleSets()) {
                throw new ProblemException(400, "Bad Request", "a tenant has at most " + limits.maxRuleSets()
                        + " rule sets", List.of(new Problem.FieldError("ruleSets", "at most " + limits.maxRuleSets()
                        + " imported rule sets per tenant; delete one first")));
            }
            return configs.addRuleSet(s, tenantId, set, actor);
        })).invoke(() -> engines.compiledAtImport(tenantId, set.id(), result)).replaceWith(set);
    }

    /** Removes an imported rule set; 404 when the tenant has none with that id. */
    public Uni<TenantDlpConfig> deleteRuleSet(String tenantId, UUID setId, String actor) {
        return db.withTransaction(s -> configs.deleteRuleSet(s, tenantId, setId, actor)).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("rule set", setId.toString());
            }
            return current(tenantId);
        });
    }
}
