package dev.canopy.findings.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.domain.PostureEvaluation;
import dev.canopy.findings.domain.detect.DetectionSettingsCache;
import dev.canopy.findings.store.SyncRunStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Periodic work: reload detection settings, evaluate completed runs whose events did not all arrive within the bounded wait, end expired
 * suppressions, and trim the applied-event ledger (the outbox trims itself: the relay deletes what it sent).
 */
@ApplicationScoped
public class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    @Inject
    Pool db;

    @Inject
    SyncRunStore runs;

    @Inject
    PostureEvaluation evaluation;

    @Inject
    FindingLifecycle lifecycle;

    @Inject
    FindingsConfig config;

    @Inject
    DetectionSettingsCache detectionSettings;

    /** Other replicas' settings changes reach this replica's detection processor within one interval. */
    @Scheduled(every = "${findings.detections.settings-refresh:10s}", skipExecutionIf = WhenRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reloadDetectionSettings() {
        return detectionSettings.reload().onFailure().recoverWithItem(e -> {
            LOG.error("reloading detection settings failed; the previous ones stay in force", e);
            return null;
        });
    }

    @Scheduled(every = "${findings.housekeeping.interval:5s}", delayed = "5s", skipExecutionIf = WhenRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return evaluateOverdueRuns()
                .chain(() -> db.withTransaction(s -> lifecycle.expireSuppressions(s, Instant.now())))
                .chain(() -> db.withTransaction(s -> runs.forgetEventsOfEvaluatedRuns(s, Instant.now().minus(Duration.ofHours(1)))))
                .onFailure().recoverWithItem(e -> {
                    LOG.error("housekeeping failed; retried on the next tick", e);
                    return null;
                }).replaceWithVoid();
    }

    Uni<Void> evaluateOverdueRuns() {
        return db.withConnection(s -> runs.overdue(s, Instant.now().minus(config.evaluation().maxWait()), 50))
                .chain(overdue -> Multi.createFrom().iterable(overdue).onItem()
                        .transformToUniAndConcatenate(r -> evaluation.evaluateRunIfComplete(r.tenantId(), r.runId(), true)
                                .onFailure().recoverWithItem(e -> {
                                    LOG.errorf(e, "evaluation of run %s of tenant %s failed", r.runId(), r.tenantId());
                                    return false;
                                }))
                        .collect().last())
                .replaceWithVoid();
    }
}
