package dev.canopy.findings.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.domain.posture.PostureEvaluator;
import dev.canopy.findings.domain.posture.Thresholds;
import dev.canopy.findings.store.PostureConfigStore;
import dev.canopy.findings.store.PostureInputStore;
import dev.canopy.findings.store.SyncRunStore;
import io.smallrye.mutiny.Uni;
import dev.canopy.findings.domain.posture.PostureInventory;
import dev.canopy.findings.store.FindingKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Evaluates a tenant's posture: after a sync run once all of its events were applied (or after a bounded wait),
 * and after change events outside a run. Only an evaluation over a completed full run resolves findings.
 */
@ApplicationScoped
public class PostureEvaluation {
    private static final Logger LOG = Logger.getLogger(PostureEvaluation.class);

    @Inject
    Pool db;

    @Inject
    PostureInputStore inputs;

    @Inject
    PostureConfigStore config;

    @Inject
    SyncRunStore runs;

    @Inject
    FindingLifecycle lifecycle;

    @Inject
    FindingMetrics metrics;

    /** Evaluates in the caller's transaction; {@code completeSnapshot} allows absence checks and auto-resolve. */
    public Uni<FindingLifecycle.Outcome> evaluate(SqlClient s, String tenantId, boolean completeSnapshot) {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        return runs.lockTenantEvaluation(s, tenantId)
                .chain(() -> config.thresholdOverrides(s, tenantId))
                .chain(overrides -> config.mutes(s, tenantId).chain(mutes -> inputs.liveInputs(s, tenantId).map(byType -> PostureInventory.of(now, completeSnapshot, byType))
                        .chain(inventory -> {
                            Set<String> muted = mutes.stream().map(PostureConfigStore.Mute::checkId).collect(Collectors.toSet());
                            var result = PostureEvaluator.evaluate(tenantId, inventory, Thresholds.of(overrides), muted);
                            return lifecycle.reconcile(s, tenantId, FindingKind.POSTURE, null, result.findings(),
                                    f -> completeSnapshot && result.evaluatedChecks().contains(f.ruleId()), now);
                        })))
                .invoke(outcome -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    metrics.evaluation(took, completeSnapshot);
                    LOG.infof("posture of tenant %s evaluated (complete=%s) in %d ms: %s", tenantId, completeSnapshot,
                            took.toMillis(), outcome);
                });
    }

    /** The tenant's most recent sync runs (newest first) and how their evaluation went. */
    public Uni<List<SyncRunStore.RunEvaluation>> recent(String tenantId, int limit) {
        return db.withConnection(s -> runs.recent(s, tenantId, limit));
    }

    /** A change outside any sync run: re-evaluate, open what is new, resolve nothing. */
    public Uni<Void> evaluateAfterChange(String tenantId) {
        return db.withTransaction(s -> evaluate(s, tenantId, false)).replaceWithVoid();
    }

    /**
     * Evaluates the completed run if this service has applied all of its events, or unconditionally when
     * {@code force} (the bounded wait is over). Idempotent: an evaluated run is not evaluated again.
     */
    public Uni<Boolean> evaluateRunIfComplete(String tenantId, String runId, boolean force) {
        return db.withTransaction(s -> runs.lockTenantEvaluation(s, tenantId)
                .chain(() -> runs.pending(s, tenantId, runId))
                .chain(pending -> pending.isEmpty() ? Uni.createFrom().item(false)
                        : runs.appliedCounts(s, tenantId, runId).chain(applied -> {
                            var run = pending.get();
                            Optional<String> missing = missingEvents(run.eventCounts(), applied);
                            if (missing.isPresent() && !force) {
                                return Uni.createFrom().item(false);
                            }
                            if (!changesPosture(run)) {
                                // a poll brought only content or audit events: the posture inputs are as before
                                return runs.markEvaluated(s, tenantId, runId, Instant.now(),
                                        "poll without posture input changes; not evaluated").replaceWith(true);
                            }
                            boolean complete = run.completeSnapshot() && missing.isEmpty();
                            String note = missing.map(m -> "evaluated after the bounded wait without " + m
                                    + "; nothing resolved").orElse("all events applied");
                            if (missing.isPresent()) {
                                LOG.warnf("sync run %s of tenant %s: %s", runId, tenantId, note);
                            }
                            return evaluate(s, tenantId, complete)
                                    .chain(() -> runs.markEvaluated(s, tenantId, runId, Instant.now(), note))
                                    .replaceWith(true);
                        })))
                // after the commit: one such line per run across all replicas (the replicas e2e counts them)
                .invoke(done -> {
                    if (done) {
                        LOG.infof("sync run %s of tenant %s: evaluation recorded", runId, tenantId);
                    }
                });
    }

    /**
     * Whether the run can have changed what posture is evaluated from. Polls (once a minute per connection) read only
     * content and audit events, so they are skipped unless they carried a posture input; full and incremental runs are
     * always evaluated, which also re-applies the time-based checks (dormant accounts, key ages) as time passes.
     */
    static boolean changesPosture(SyncRunStore.CompletedRun run) {
        if (!SyncModes.POLL.equals(run.mode())) {
            return true;
        }
        return PostureInputStore.POSTURE_TYPES.stream().anyMatch(t -> run.eventCounts().getOrDefault(t.entity(), 0L) > 0)
                || run.eventCounts().getOrDefault(EventType.ENTITY_DELETED.entity(), 0L) > 0;
    }

    /** Which inventory events of the run were not applied yet, e.g. "user 3 of 5"; empty when none. */
    static Optional<String> missingEvents(Map<String, Long> expected, Map<String, Long> applied) {
        String missing = expected.entrySet().stream()
                .filter(e -> countsOnInventoryTopic(e.getKey()))
                .filter(e -> applied.getOrDefault(e.getKey(), 0L) < e.getValue())
                .map(e -> e.getKey() + " " + applied.getOrDefault(e.getKey(), 0L) + " of " + e.getValue())
                .sorted().collect(Collectors.joining(", "));
        return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
    }

    private static boolean countsOnInventoryTopic(String entity) {
        for (EventType t : EventType.values()) {
            if (t.entity().equals(entity)) {
                return t.topic().equals(Topics.INVENTORY) && t != EventType.SYNC_RUN_COMPLETED;
            }
        }
        return false;
    }
}
