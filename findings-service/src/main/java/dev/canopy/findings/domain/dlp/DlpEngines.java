package dev.canopy.findings.domain.dlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.dlp.CustomRule;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.DetectorCatalog;
import dev.canopy.dlp.ScanEngine;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.findings.store.DlpConfigStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The scan engine of each tenant, built from its configuration and cached per configuration version (building
 * compiles every pattern; scanning with a cached engine costs nothing extra).
 */
@ApplicationScoped
public class DlpEngines {
    private static final List<Detector> BUILT_INS = DetectorCatalog.builtIns();

    @Inject
    DlpConfigStore configs;

    @ConfigProperty(name = "findings.dlp.min-confidence", defaultValue = "0.3")
    double minConfidence;

    private final Map<String, TenantEngine> cache = new ConcurrentHashMap<>();

    /** An engine and the detectors it knows by id (for titles). */
    public record TenantEngine(long version, ScanEngine engine, Map<String, Detector> detectors) {
    }

    public static List<Detector> builtIns() {
        return BUILT_INS;
    }

    public Uni<TenantEngine> engineFor(Mutiny.Session s, String tenantId) {
        return configs.version(s, tenantId).chain(version -> {
            TenantEngine cached = cache.get(tenantId);
            if (cached != null && cached.version() == version && version > 0) {
                return Uni.createFrom().item(cached);
            }
            return configs.load(s, tenantId).map(cfg -> {
                TenantEngine built = build(cfg, minConfidence);
                cache.put(tenantId, built);
                return built;
            });
        });
    }

    static TenantEngine build(DlpConfigStore.TenantDlpConfig cfg, double minConfidence) {
        List<Detector> detectors = new ArrayList<>(BUILT_INS);
        for (CustomRule r : cfg.rules()) {
            detectors.add(r.toDetector());
        }
        for (DlpConfigStore.RuleSet set : cfg.ruleSets()) {
            detectors.addAll(GitleaksImporter.load(set.toml()).detectors());
        }
        ScanEngine engine = ScanEngine.builder().addAll(detectors).disable(cfg.disabledBuiltIns()).salt(cfg.salt())
                .minConfidence(minConfidence).build();
        Map<String, Detector> byId = new ConcurrentHashMap<>();
        engine.detectors().forEach(d -> byId.putIfAbsent(d.id(), d));
        return new TenantEngine(cfg.version(), engine, byId);
    }
}
