package dev.canopy.findings.domain.dlp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.dlp.CustomRule;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.DetectorCatalog;
import dev.canopy.dlp.Evidence;
import dev.canopy.dlp.ScanEngine;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.dlp.limits.RuleLimits;
import dev.canopy.dlp.prefilter.BlockMasks;
import dev.canopy.dlp.prefilter.PrefixDfa;
import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.store.DlpConfigStore;
import dev.canopy.findings.store.DlpContentStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The scan engine of each tenant, built from its configuration and cached per configuration version (building
 * compiles every pattern; scanning with a cached engine costs nothing extra).
 *
 * <p>Fingerprints: the engine's key is HMAC-SHA256(server key, "canopy/dlp-fingerprint/v2" ‖ tenant ‖ tenant salt),
 * the server key being {@code findings.dlp.fingerprint-key} (never stored or exposed). A tenant that still has DLP
 * findings stored under the former salted-SHA-256 scheme also gets legacy fingerprints, so a rescan re-keys those
 * findings instead of opening duplicates ({@link DlpScanning#scanContent}).
 */
@ApplicationScoped
public class DlpEngines {
    private static final Logger LOG = Logger.getLogger(DlpEngines.class);
    private static final List<Detector> BUILT_INS = DetectorCatalog.builtIns();

    @Inject
    DlpConfigStore configs;

    @Inject
    DlpContentStore contents;

    @Inject
    DlpLimits limits;

    @Inject
    FindingsConfig config;

    @Inject
    DlpScanPool pool;

    @Inject
    Pool db;

    private final Map<String, TenantEngine> cache = new ConcurrentHashMap<>();
    /** Each tenant's imported rule sets, compiled, by set id (see {@link #compiledAtImport}). */
    private final Map<String, Map<UUID, GitleaksImporter.Result>> compiledSets = new ConcurrentHashMap<>();
    /** Each tenant's custom rules, compiled (a rule is a value: an edited rule is another key). */
    private final Map<String, Map<CustomRule, Detector>> compiledRules = new ConcurrentHashMap<>();

    /**
     * An engine, the detectors it knows by id (for titles), and the stored rules it had to leave out because they
     * no longer pass the limits (rule id and reason).
     */
    public record TenantEngine(long version, ScanEngine engine, Map<String, Detector> detectors,
            List<Map<String, String>> skippedRules) {
    }

    public static List<Detector> builtIns() {
        return BUILT_INS;
    }

    /**
     * Says at start which fused pass the engines use here (the Vector API ones need Java 25+ and
     * {@code --add-modules jdk.incubator.vector}, which the image provides: "vector wide" with AVX-512 VBMI, "vector
     * nibble" with AVX2 or NEON): an operator who sees "scalar" on such a host knows why scans are slower.
     */
    void logFusedPass(@Observes StartupEvent event) {
        String pass = BlockMasks.used(BlockMasks.defaultMode());
        LOG.infof("DLP engine fused pass: %s (Java %s, jdk.incubator.vector %s)",
                pass == null ? "scalar" : "vector " + pass, Runtime.version(),
                BlockMasks.modulePresent() ? "present" : "absent");
    }

    /**
     * The tenant's engine for its current configuration: the cached one, or a new build. The configuration is read in
     * a short transaction of its own and the engine compiled after that transaction has ended, on the rules pool
     * (seconds of CPU for a tenant's imported sets); concurrent callers for the same configuration share one build.
     * Call it outside any transaction: a caller holding a connection while a build waits on the pool is what let one
     * tenant take every database connection ({@code ColdEngineBuildAttackTest}).
     */
    public Uni<TenantEngine> engineFor(String tenantId) {
        return db.withTransaction(s -> configs.version(s, tenantId).chain(version -> {
            TenantEngine cached = cache.get(tenantId);
            if (cached != null && cached.version() == version && version > 0) {
                return Uni.createFrom().item(new Lookup(cached, null, false));
            }
            return configs.load(s, tenantId).chain(cfg -> contents.hasLegacyFingerprints(s, tenantId)
                    .map(legacy -> new Lookup(null, cfg, legacy)));
        })).chain(found -> found.cached() != null ? Uni.createFrom().item(found.cached())
                : sharedBuild(tenantId, found.config(), found.legacy()));
    }

    /** What the configuration transaction found: a current cached engine, or what to build one from. */
    private record Lookup(TenantEngine cached, DlpConfigStore.TenantDlpConfig config, boolean legacy) {
    }

    private Uni<TenantEngine> sharedBuild(String tenantId, DlpConfigStore.TenantDlpConfig cfg, boolean legacy) {
        double minConfidence = config.dlp().minConfidence();
        RuleLimits ruleLimits = limits.rules();
        byte[] serverKey = serverKey();
        return pool.building(tenantId, new BuildKey(tenantId, cfg.version(), legacy),
                () -> build(tenantId, cfg, minConfidence, ruleLimits, serverKey, legacy))
                .invoke(built -> cache.merge(tenantId, built, (old, neu) -> neu.version() >= old.version() ? neu : old));
    }

    /** Concurrent requests for the same engine share its build ({@link DlpScanPool#building}). */
    private record BuildKey(String tenantId, long version, boolean legacy) {
    }

    /**
     * The engines last built for these tenants, or null when one has none yet. Whether they are still current is for
     * the caller to check in its own transaction ({@link #stale}), so a batch of content costs no extra one.
     */
    public Map<String, TenantEngine> cached(List<String> tenantIds) {
        Map<String, TenantEngine> out = new java.util.HashMap<>();
        for (String t : tenantIds) {
            TenantEngine e = cache.get(t);
            if (e == null) {
                return null;
            }
            out.put(t, e);
        }
        return out;
    }

    /** True when one of these engines is not of its tenant's configuration version any more. */
    public Uni<Boolean> stale(SqlClient s, Map<String, TenantEngine> engines) {
        return configs.versions(s, List.copyOf(engines.keySet())).map(versions -> engines.entrySet().stream()
                .anyMatch(e -> versions.getOrDefault(e.getKey(), 0L) != e.getValue().version()));
    }

    private byte[] serverKey() {
        byte[] key = Base64.getDecoder().decode(config.dlp().fingerprintKey().trim());
        if (key.length < 32) {
            throw new IllegalStateException("findings.dlp.fingerprint-key must be base64 of at least 32 bytes");
        }
        return key;
    }

    /** The tenant's fingerprint key, derived from the server key (see the class comment). */
    static byte[] tenantKey(byte[] serverKey, String tenantId, byte[] salt) {
        return Evidence.hmacBytes(serverKey, ("canopy/dlp-fingerprint/v2\0" + tenantId + "\0"
                + HexFormat.of().formatHex(salt)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keeps a rule set compiled at its import, for the tenant's engines ({@link #build}): an imported set never
     * changes (it is deleted and imported again), so no engine compiles it again.
     */
    public void compiledAtImport(String tenantId, UUID setId, GitleaksImporter.Result result) {
        compiledSets.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).put(setId, result);
    }

    private TenantEngine build(String tenantId, DlpConfigStore.TenantDlpConfig cfg, double minConfidence,
            RuleLimits ruleLimits, byte[] serverKey, boolean legacy) {
        List<Detector> detectors = new ArrayList<>(BUILT_INS);
        List<Map<String, String>> skipped = new ArrayList<>();
        // Custom rules and imported sets are compiled once (a set at its import, a rule by the first engine that has
        // it; after a restart, by the first engine) and reused while the tenant has them: a tenant changing its
        // configuration over and over made every new engine compile all of them again — seconds of CPU for slow sets
        // or rules — while the shared content consumer waited for it (RuleSetRecompileAttackTest).
        // What this build does compile shares one gate budget: a cold engine (after a restart, or for sets imported
        // through another replica) costs about one budget however many sets and rules the tenant has; those past it
        // run without a gate — the same findings, slower (ColdEngineBuildAttackTest).
        PrefixDfa.Budget gates = PrefixDfa.Budget.of(ruleLimits.gateBuildCpu());
        Map<CustomRule, Detector> rules = compiledRules.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>());
        rules.keySet().retainAll(cfg.rules());
        Map<UUID, GitleaksImporter.Result> sets = compiledSets.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>());
        sets.keySet().retainAll(cfg.ruleSets().stream().map(DlpConfigStore.RuleSet::id).toList());
        for (CustomRule r : cfg.rules()) {
            try {
                detectors.add(rules.computeIfAbsent(r, x -> x.toDetector(ruleLimits, gates)));
            } catch (CustomRule.InvalidRuleException e) {
                // saved before the limits existed (or they were lowered): leave it out, report it, keep scanning
                LOG.warnf("tenant %s: custom rule %s left out of the engine: %s", tenantId, r.id(), e.getMessage());
                skipped.add(Map.of("ruleId", "custom:" + r.id(), "reason", e.getMessage()));
            }
        }
        for (DlpConfigStore.RuleSet set : cfg.ruleSets()) {
            GitleaksImporter.Result result = sets.computeIfAbsent(set.id(),
                    id -> GitleaksImporter.load(set.toml(), ruleLimits, gates));
            detectors.addAll(result.detectors());
            if (result.detectors().size() < set.imported()) {
                result.rejected().forEach(x -> skipped.add(Map.of("ruleId", "gitleaks:" + x.ruleId(), "reason",
                        "rule set " + set.name() + ": " + x.reason())));
            }
        }
        ScanEngine.Builder b = ScanEngine.builder().addAll(detectors).enable(cfg.enabledBuiltIns())
                .disable(cfg.disabledBuiltIns())
                .fingerprintKey(tenantKey(serverKey, tenantId, cfg.salt())).minConfidence(minConfidence);
        if (legacy) {
            b.legacySalt(cfg.salt());
        }
        ScanEngine engine = b.build();
        Map<String, Detector> byId = new ConcurrentHashMap<>();
        engine.detectors().forEach(d -> byId.putIfAbsent(d.id(), d));
        return new TenantEngine(cfg.version(), engine, byId, List.copyOf(skipped));
    }
}
