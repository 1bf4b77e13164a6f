package dev.canopy.findings.domain.dlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.canopy.dlp.ChunkStitcher;
import dev.canopy.dlp.Match;
import dev.canopy.dlp.ScanBudget;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.domain.FindingMetrics;
import dev.canopy.findings.store.DlpContentStore;
import io.smallrye.mutiny.Uni;

/**
 * Scans texts with the tenant's engine: a REST text ({@link #scanText}) or an assembled content version
 * ({@link #scanContent}), whose result it applies to the finding lifecycle: findings of the new version open or are
 * seen again, those of the item that the new version no longer contains are resolved; a deleted item resolves all.
 * A result for a version older than the one already applied is ignored. Values on the tenant's "not a secret"
 * allowlist ({@link DlpAllowlist}) are dropped before reconciling.
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

    @Inject
    DlpScanPool pool;

    @Inject
    DlpLimits limits;

    @Inject
    DlpEngineStatus status;

    @Inject
    DlpAllowlist allowlist;

    /** Matches of a text and the rules that ran out of their time budget on it (skipped for the rest of the text). */
    public record ScanOutcome(List<Match> matches, List<String> budgetExceeded) {
    }

    public Uni<DlpEngines.TenantEngine> engine(String tenantId) {
        return sessions.withTransaction(s -> engines.engineFor(s, tenantId));
    }

    /**
     * Scans a whole text with the tenant's engine on the bounded scan pool, within one text budget, storing nothing
     * (REST scan endpoint). Fails with RejectedExecutionException when the pool's queue is full.
     */
    public Uni<ScanOutcome> scanText(String tenantId, String text) {
        return engine(tenantId).chain(e -> pool.api(() -> {
            ScanBudget budget = limits.newBudget();
            List<Match> matches = timed(() -> e.engine().scan(text, budget), text.length());
            return new ScanOutcome(matches, budget.exceeded());
        })).invoke(o -> status.exceeded(tenantId, o.budgetExceeded(), "scan", null, null));
    }

    /**
     * Scans one assembled content version with the tenant's engine and applies the result: the only call the content
     * consumer makes per version. Its chunks are fed in order to a {@link ChunkStitcher} (a secret across a boundary
     * is found once, in whole-text offsets) on the bounded content pool, never on the event loop, within one text
     * budget for the whole version.
     */
    public Uni<Void> scanContent(ContentAssembler.Assembled content) {
        String tenantId = content.tenantId();
        return engine(tenantId).chain(engine -> pool.content(() -> {
            ChunkStitcher stitcher = new ChunkStitcher(engine.engine(), limits.newBudget());
            List<ContentAssembler.Part> parts = content.parts();
            List<Match> matches = timed(() -> {
                List<Match> all = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    all.addAll(stitcher.accept(i, parts.get(i).offset(), parts.get(i).text(), i == parts.size() - 1));
                }
                return all;
            }, content.chars());
            return new ScanOutcome(matches, stitcher.budget().exceeded());
        }).chain(outcome -> applyScan(tenantId, content.ref(), content.observedAt(), outcome.matches(), engine,
                outcome.budgetExceeded())));
    }

    private List<Match> timed(Supplier<List<Match>> scan, long chars) {
        long t0 = System.nanoTime();
        List<Match> matches = scan.get();
        metrics.scan(Duration.ofNanos(System.nanoTime() - t0), chars);
        return matches;
    }

    /**
     * Applies the scan of one content version. Findings stored under the former fingerprint scheme are re-keyed
     * first (so they are seen again, not duplicated). Rules listed in {@code budgetExceeded} were stopped part-way:
     * their findings on this item are not resolved by this scan, and the engine status records them.
     */
    private Uni<Void> applyScan(String tenantId, DlpDrafts.ContentRef content, Instant observedAt, List<Match> matches,
            DlpEngines.TenantEngine engine, List<String> budgetExceeded) {
        status.exceeded(tenantId, budgetExceeded, "content", content.key(), content.version());
        var drafts = DlpDrafts.of(tenantId, content, matches, engine.detectors());
        var legacy = DlpDrafts.legacyToCurrent(tenantId, content, matches);
        java.util.Set<String> stopped = java.util.Set.copyOf(budgetExceeded);
        return sessions.withTransaction(s -> contents.recordScan(s, tenantId, content.key(), content.version(),
                content.contentType(), content.title(), observedAt, drafts.size()).chain(current -> {
                    if (!current) {
                        LOG.infof("ignoring the scan of %s version %d of tenant %s: a newer state is recorded",
                                content.key(), content.version(), tenantId);
                        return Uni.createFrom().voidItem();
                    }
                    // values the tenant marked "not a secret" open nothing (their findings stay suppressed)
                    return contents.rekeyLegacy(s, tenantId, legacy).chain(() -> allowlist.hashes(s, tenantId))
                            .chain(listed -> lifecycle.reconcile(s, tenantId, FindingKind.DLP, content.key(),
                                    DlpAllowlist.without(drafts, listed), f -> !stopped.contains(f.ruleId()), Instant.now()))
                            .replaceWithVoid();
                }));
    }

    public Uni<Void> applyDeletion(String tenantId, String contentKey, String contentType, Instant observedAt) {
        return sessions.withTransaction(s -> contents.recordDeletion(s, tenantId, contentKey, contentType, observedAt)
                .chain(current -> !current ? Uni.createFrom().voidItem()
                        : lifecycle.reconcile(s, tenantId, FindingKind.DLP, contentKey, List.of(), f -> true,
                                Instant.now()).replaceWithVoid()));
    }
}
