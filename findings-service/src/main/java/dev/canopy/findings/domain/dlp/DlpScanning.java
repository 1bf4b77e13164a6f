package dev.canopy.findings.domain.dlp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.canopy.dlp.Match;
import dev.canopy.findings.domain.FindingKind;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.domain.FindingMetrics;
import dev.canopy.findings.store.DlpContentStore;
import io.smallrye.mutiny.Uni;

/**
 * Applies DLP scan results of content versions to the finding lifecycle: findings of the new version open or are
 * seen again, those of the item that the new version no longer contains are resolved; a deleted item resolves all.
 * A result for a version older than the one already applied is ignored.
 */
@ApplicationScoped
public class DlpScanning {
    private static final Logger LOG = Logger.getLogger(DlpScanning.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    DlpEngines engines;

    @Inject
    DlpContentStore contents;

    @Inject
    FindingLifecycle lifecycle;

    @Inject
    FindingMetrics metrics;

    public Uni<DlpEngines.TenantEngine> engine(String tenantId) {
        return sessions.withTransaction(s -> engines.engineFor(s, tenantId));
    }

    /** Scans a whole text with the tenant's engine, storing nothing (REST scan endpoint). */
    public Uni<List<Match>> scanText(String tenantId, String text) {
        return engine(tenantId).map(e -> timed(() -> e.engine().scan(text), text.length()));
    }

    public List<Match> timed(java.util.function.Supplier<List<Match>> scan, long chars) {
        long t0 = System.nanoTime();
        List<Match> matches = scan.get();
        metrics.scan(Duration.ofNanos(System.nanoTime() - t0), chars);
        return matches;
    }

    public Uni<Void> applyScan(String tenantId, DlpDrafts.ContentRef content, Instant observedAt, List<Match> matches,
            DlpEngines.TenantEngine engine) {
        var drafts = DlpDrafts.of(tenantId, content, matches, engine.detectors());
        return sessions.withTransaction(s -> contents.recordScan(s, tenantId, content.key(), content.version(),
                content.contentType(), content.title(), observedAt, drafts.size()).chain(current -> {
                    if (!current) {
                        LOG.infof("ignoring the scan of %s version %d of tenant %s: a newer state is recorded",
                                content.key(), content.version(), tenantId);
                        return Uni.createFrom().voidItem();
                    }
                    return lifecycle.reconcile(s, tenantId, FindingKind.DLP, content.key(), drafts, f -> true,
                            Instant.now()).replaceWithVoid();
                }));
    }

    public Uni<Void> applyDeletion(String tenantId, String contentKey, String contentType, Instant observedAt) {
        return sessions.withTransaction(s -> contents.recordDeletion(s, tenantId, contentKey, contentType, observedAt)
                .chain(current -> !current ? Uni.createFrom().voidItem()
                        : lifecycle.reconcile(s, tenantId, FindingKind.DLP, contentKey, List.of(), f -> true,
                                Instant.now()).replaceWithVoid()));
    }
}
