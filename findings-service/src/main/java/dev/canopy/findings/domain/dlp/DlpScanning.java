package dev.canopy.findings.domain.dlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.dlp.ChunkStitcher;
import dev.canopy.dlp.Match;
import dev.canopy.dlp.ScanBudget;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.domain.FindingMetrics;
import dev.canopy.findings.store.DlpContentStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

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
    Pool db;

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
        return engines.engineFor(tenantId);
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
     * consumer makes per version outside a batch ({@link #scanAhead}, then {@link #apply}). Its chunks are fed in
     * order to a {@link ChunkStitcher} (a secret across a boundary is found once, in whole-text offsets) on the bounded
     * content pool, never on the event loop, within one text budget for the whole version.
     */
    public Uni<Void> scanContent(ContentAssembler.Assembled content) {
        return scanAhead(List.of(content)).chain(this::apply);
    }

    /**
     * Content versions scanned and not yet applied: split into runs of distinct items (a second version of an item
     * starts a new run, applied after the first), with each version's outcome and the engines that scanned them.
     */
    public static final class Scanned {
        private final List<List<ContentAssembler.Assembled>> runs;
        private final List<List<ScanOutcome>> outcomes;
        private final Map<String, DlpEngines.TenantEngine> engines;

        private Scanned(List<List<ContentAssembler.Assembled>> runs, List<List<ScanOutcome>> outcomes,
                Map<String, DlpEngines.TenantEngine> engines) {
            this.runs = runs;
            this.outcomes = outcomes;
            this.engines = engines;
        }
    }

    /**
     * Scans versions with their tenants' engines (cached, else looked up) on the content pool and stores nothing: the
     * content consumer scans its next batch with this while the previous batch is being applied.
     */
    public Uni<Scanned> scanAhead(List<ContentAssembler.Assembled> versions) {
        List<List<ContentAssembler.Assembled>> runs = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (ContentAssembler.Assembled v : versions) {
            if (runs.isEmpty() || !keys.add(v.item())) {
                runs.add(new ArrayList<>());
                keys.clear();
                keys.add(v.item());
            }
            runs.get(runs.size() - 1).add(v);
        }
        List<String> tenants = versions.stream().map(ContentAssembler.Assembled::tenantId).distinct().toList();
        var cached = engines.cached(tenants);
        Uni<Map<String, DlpEngines.TenantEngine>> byTenant = cached != null ? Uni.createFrom().item(cached)
                : enginesOf(tenants);
        return byTenant.chain(e -> scanAll(versions, e).map(all -> {
            List<List<ScanOutcome>> outcomes = new ArrayList<>();
            int next = 0;
            for (List<ContentAssembler.Assembled> run : runs) {
                outcomes.add(all.subList(next, next + run.size()));
                next += run.size();
            }
            return new Scanned(runs, outcomes, e);
        }));
    }

    /**
     * Applies scanned versions run after run, each run in one transaction that first checks that the engines are still
     * of their tenants' current configuration (the configuration may have changed since the scan); if one is not,
     * nothing of that run is applied and it is scanned again with engines looked up, then applied.
     */
    public Uni<Void> apply(Scanned scanned) {
        List<Uni<Void>> steps = new ArrayList<>();
        for (int r = 0; r < scanned.runs.size(); r++) {
            List<ContentAssembler.Assembled> run = scanned.runs.get(r);
            List<ScanOutcome> outcomes = scanned.outcomes.get(r);
            steps.add(Uni.createFrom().deferred(() -> applyScans(run, scanned.engines, outcomes, true)
                    .onFailure(StaleEngine.class).recoverWithUni(() -> rescanAndApply(run))));
        }
        return FindingLifecycle.sequentially(steps);
    }

    /** A run whose engines turned out stale: engines looked up first, then scanned again and applied. */
    private Uni<Void> rescanAndApply(List<ContentAssembler.Assembled> run) {
        List<String> tenants = run.stream().map(ContentAssembler.Assembled::tenantId).distinct().toList();
        return enginesOf(tenants)
                .chain(byTenant -> scanAll(run, byTenant).chain(outcomes -> applyScans(run, byTenant, outcomes, false)));
    }

    private Uni<List<ScanOutcome>> scanAll(List<ContentAssembler.Assembled> versions,
            Map<String, DlpEngines.TenantEngine> byTenant) {
        return Uni.join().all(versions.stream().map(v -> pool.content(() -> scan(byTenant.get(v.tenantId()), v))).toList())
                .andFailFast();
    }

    /** A cached engine turned out older than its tenant's configuration: the batch is scanned again. */
    private static final class StaleEngine extends RuntimeException {
        StaleEngine() {
            super("a tenant's DLP configuration changed", null, false, false);
        }
    }

    /** The engines of these tenants, one after the other (each reads its configuration in its own transaction). */
    private Uni<Map<String, DlpEngines.TenantEngine>> enginesOf(List<String> tenants) {
        Map<String, DlpEngines.TenantEngine> out = new HashMap<>();
        return FindingLifecycle.sequentially(tenants.stream().map(t -> Uni.createFrom().deferred(() -> engines.engineFor(t)
                .invoke(e -> out.put(t, e)).replaceWithVoid())).toList()).replaceWith(out);
    }

    /**
     * Scans one assembled version on the calling (pool) thread: its chunks go in order through a {@link ChunkStitcher}
     * (a secret across a boundary is found once, in whole-text offsets) within one text budget for the version.
     */
    private ScanOutcome scan(DlpEngines.TenantEngine engine, ContentAssembler.Assembled content) {
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
    }

    private List<Match> timed(Supplier<List<Match>> scan, long chars) {
        long t0 = System.nanoTime();
        List<Match> matches = scan.get();
        metrics.scan(Duration.ofNanos(System.nanoTime() - t0), chars);
        return matches;
    }

    /**
     * Applies the scans of content versions (of distinct items) in one transaction. A version older than the state
     * recorded for its item is ignored. Findings stored under the former fingerprint scheme are re-keyed first (so
     * they are seen again, not duplicated). Rules listed in a version's {@code budgetExceeded} were stopped part-way:
     * their findings on that item are not resolved by this scan, and the engine status records them.
     */
    private Uni<Void> applyScans(List<ContentAssembler.Assembled> versions,
            Map<String, DlpEngines.TenantEngine> engines, List<ScanOutcome> outcomes, boolean verify) {
        List<DlpContentStore.Scanned> scanned = new ArrayList<>();
        List<List<FindingDraft>> drafts = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            ContentAssembler.Assembled v = versions.get(i);
            DlpDrafts.ContentRef content = v.ref();
            ScanOutcome outcome = outcomes.get(i);
            status.exceeded(v.tenantId(), outcome.budgetExceeded(), "content", content.key(), content.version());
            drafts.add(DlpDrafts.of(v.tenantId(), content, outcome.matches(), engines.get(v.tenantId()).detectors()));
            scanned.add(new DlpContentStore.Scanned(v.tenantId(), content.key(), content.version(),
                    content.contentType(), content.title(), v.observedAt(), drafts.get(i).size()));
        }
        Instant now = Instant.now();
        Uni<Void> noop = Uni.createFrom().voidItem();
        return db.withTransaction(s -> (verify ? this.engines.stale(s, engines).invoke(stale -> {
            if (stale) {
                throw new StaleEngine();
            }
        }).replaceWithVoid() : noop).chain(() -> contents.recordScans(s, scanned)).chain(recorded -> {
            List<Integer> current = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                if (recorded.contains(i)) {
                    current.add(i);
                } else {
                    LOG.infof("ignoring the scan of %s version %d of tenant %s: a newer state is recorded",
                            scanned.get(i).contentKey(), scanned.get(i).version(), scanned.get(i).tenantId());
                }
            }
            Map<String, Set<String>> allowlisted = new HashMap<>();
            List<Uni<Void>> reads = new ArrayList<>();
            // one re-keying statement per tenant for the whole run (its versions are of distinct items, so their
            // fingerprints, which hold the content key, never overlap), not one per version
            Map<String, Map<String, String>> legacyByTenant = new LinkedHashMap<>();
            for (int i : current) {
                ContentAssembler.Assembled v = versions.get(i);
                legacyByTenant.computeIfAbsent(v.tenantId(), t -> new LinkedHashMap<>())
                        .putAll(DlpDrafts.legacyToCurrent(v.tenantId(), v.ref(), outcomes.get(i).matches()));
            }
            legacyByTenant.forEach((t, legacy) -> reads.add(Uni.createFrom()
                    .deferred(() -> contents.rekeyLegacy(s, t, legacy).replaceWithVoid())));
            current.stream().map(i -> versions.get(i).tenantId()).distinct().forEach(t -> reads.add(Uni.createFrom()
                    .deferred(() -> allowlist.hashes(s, t).invoke(h -> allowlisted.put(t, h)).replaceWithVoid())));
            return FindingLifecycle.sequentially(reads).chain(() -> lifecycle.reconcileAll(s, FindingKind.DLP,
                    current.stream().map(i -> {
                        ContentAssembler.Assembled v = versions.get(i);
                        Set<String> stopped = Set.copyOf(outcomes.get(i).budgetExceeded());
                        // values the tenant marked "not a secret" open nothing (their findings stay suppressed)
                        return new FindingLifecycle.Observation(v.tenantId(), v.ref().key(),
                                DlpAllowlist.without(drafts.get(i), allowlisted.get(v.tenantId())),
                                f -> !stopped.contains(f.ruleId()));
                    }).toList(), now));
        })).replaceWithVoid();
    }

    public Uni<Void> applyDeletion(String tenantId, String contentKey, String contentType, Instant observedAt) {
        return db.withTransaction(s -> contents.recordDeletion(s, tenantId, contentKey, contentType, observedAt)
                .chain(current -> !current ? Uni.createFrom().voidItem()
                        : lifecycle.reconcile(s, tenantId, FindingKind.DLP, contentKey, List.of(), f -> true,
                                Instant.now()).replaceWithVoid()));
    }
}
