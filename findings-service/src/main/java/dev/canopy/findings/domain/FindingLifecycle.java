package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.findings.store.FindingStore;
import dev.canopy.findings.store.OutboxStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;
import dev.canopy.findings.store.HistoryEntry;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The one place where findings change state. Every change writes the finding, a history entry and an outbox row
 * (the OCSF record as the Kafka record it is published as) in the caller's transaction, so a state change and its publication commit or fail together.
 */
@ApplicationScoped
public class FindingLifecycle {
    public static final String SYSTEM = "system";

    @Inject
    FindingStore findings;

    @Inject
    OutboxStore outbox;

    @Inject
    FindingMetrics metrics;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0")
    String productVersion;

    /** What a reconciliation changed. */
    public record Outcome(int opened, int reopened, int resolved, int seenAgain) {
    }

    /**
     * The stored findings of one scope, read under the scope's lock (held until the transaction ends). Replicas:
     * during a rebalance the replica losing a partition may still be handling an item the new owner re-reads (content
     * reconciled twice, the same detection opened twice); the lock makes the second one see the first one's findings
     * (no duplicate, no second "created" change in the outbox).
     */
    private Uni<Map<String, FindingRow>> lockedScope(SqlClient s, String tenantId, FindingKind kind,
            String resourceId) {
        return findings.lockScope(s, tenantId, kind, resourceId).chain(() -> findings.inScope(s, tenantId, kind,
                resourceId));
    }

    /**
     * Brings the stored findings of one scope (a kind, optionally one resource) in line with what was just observed:
     * new fingerprints open, resolved ones reopen, the others are seen again; stored active findings that were not
     * observed are resolved when {@code mayResolve} allows it. Suppressed findings stay suppressed.
     */
    public Uni<Outcome> reconcile(SqlClient s, String tenantId, FindingKind kind, String resourceId,
            List<FindingDraft> observed, Predicate<FindingRow> mayResolve, Instant now) {
        return lockedScope(s, tenantId, kind, resourceId).chain(existing -> {
            Plan plan = new Plan();
            Outcome outcome = plan.add(tenantId, existing, observed, mayResolve, now);
            return apply(s, plan, now).replaceWith(outcome);
        });
    }

    /** What one scope observed, for {@link #reconcileAll}. */
    public record Observation(String tenantId, String resourceId, List<FindingDraft> observed,
            Predicate<FindingRow> mayResolve) {
    }

    /**
     * {@link #reconcile} of many resource scopes of one kind in one transaction with a fixed number of statements
     * (all scope locks, all stored findings, then the bulk writes), so a batch of content versions costs about what one
     * does. Each resource may appear once.
     */
    public Uni<List<Outcome>> reconcileAll(SqlClient s, FindingKind kind, List<Observation> observations,
            Instant now) {
        if (observations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<FindingStore.Scope> scopes = observations.stream()
                .map(o -> new FindingStore.Scope(o.tenantId(), o.resourceId())).toList();
        return findings.lockScopes(s, kind, scopes).chain(() -> findings.inScopes(s, kind, scopes)).chain(existing -> {
            Plan plan = new Plan();
            List<Outcome> outcomes = new ArrayList<>();
            for (Observation o : observations) {
                outcomes.add(plan.add(o.tenantId(), existing.get(new FindingStore.Scope(o.tenantId(), o.resourceId())),
                        o.observed(), o.mayResolve(), now));
            }
            return apply(s, plan, now).replaceWith(outcomes);
        });
    }

    /** The writes of one or more scopes' reconciliations, gathered so each kind of write is one statement. */
    private static final class Plan {
        final List<FindingRow> created = new ArrayList<>();
        final List<FindingRow> updated = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        final Map<String, List<UUID>> touchedByTenant = new LinkedHashMap<>();

        /**
         * Adds one scope: new fingerprints open, resolved ones reopen, the others are seen again; stored active
         * findings that were not observed are resolved when {@code mayResolve} allows it.
         */
        Outcome add(String tenantId, Map<String, FindingRow> existing, List<FindingDraft> observed,
                Predicate<FindingRow> mayResolve, Instant now) {
            Map<String, FindingDraft> drafts = new LinkedHashMap<>();
            observed.forEach(d -> drafts.putIfAbsent(d.fingerprint(), d));
            int opened = 0;
            int seenAgain = 0;
            int reopened = 0;
            int resolved = 0;
            for (FindingDraft d : drafts.values()) {
                FindingRow current = existing.get(d.fingerprint());
                if (current == null) {
                    FindingRow row = d.opened(UUID.randomUUID(), tenantId, now);
                    opened++;
                    created.add(row);
                    changes.add(new Change(row, null, SYSTEM, "observed"));
                } else if (current.status() == FindingStatus.RESOLVED) {
                    reopened++;
                    FindingRow row = d.seenAgain(current, now).withStatus(FindingStatus.REOPENED, now, null, null, null);
                    updated.add(row);
                    changes.add(new Change(row, current.status(), SYSTEM, "observed again"));
                } else {
                    FindingRow row = d.seenAgain(current, now);
                    seenAgain++;
                    touchedByTenant.computeIfAbsent(tenantId, t -> new ArrayList<>()).add(row.id());
                    // facts are rewritten only when they differ; last_seen moves for all at once
                    if (!row.evidence().equals(current.evidence()) || row.severity() != current.severity()
                            || !java.util.Objects.equals(row.resourceName(), current.resourceName())) {
                        updated.add(row);
                    }
                }
            }
            for (FindingRow current : existing.values()) {
                if (!drafts.containsKey(current.fingerprint()) && current.status().active() && mayResolve.test(current)) {
                    resolved++;
                    FindingRow row = current.withStatus(FindingStatus.RESOLVED, now, null, null, null);
                    updated.add(row);
                    changes.add(new Change(row, current.status(), SYSTEM, "no longer observed"));
                }
            }
            return new Outcome(opened, reopened, resolved, seenAgain);
        }
    }

    private Uni<Void> apply(SqlClient s, Plan plan, Instant now) {
        return findings.insertAll(s, plan.created)
                .chain(() -> sequentially(plan.updated.stream().map(r -> Uni.createFrom().deferred(() -> findings.save(s, r)))
                        .toList()))
                .chain(() -> sequentially(plan.touchedByTenant.entrySet().stream()
                        .map(e -> Uni.createFrom().deferred(() -> findings.touch(s, e.getKey(), e.getValue(), now)))
                        .toList()))
                .chain(() -> record(s, plan.changes, now));
    }

    /**
     * Opens a finding for an event-like observation (a threat detection) unless its fingerprint exists already, in
     * whatever state: seeing the same detection again must neither reopen a resolved one nor add history.
     */
    public Uni<Boolean> openIfNew(SqlClient s, String tenantId, FindingDraft draft, Instant now) {
        return lockedScope(s, tenantId, draft.kind(), draft.resourceId()).chain(existing -> {
            if (existing.containsKey(draft.fingerprint())) {
                return Uni.createFrom().item(false);
            }
            FindingRow row = draft.opened(UUID.randomUUID(), tenantId, now);
            return findings.insertAll(s, List.of(row))
                    .chain(() -> record(s, List.of(new Change(row, null, SYSTEM, "detected")), now)).replaceWith(true);
        });
    }

    /** Resolves an open, reopened or suppressed finding by hand (a later observation reopens posture and DLP ones). */
    public Uni<FindingRow> resolve(SqlClient s, String tenantId, UUID id, String actor, String reason,
            Instant now) {
        return require(s, tenantId, id).chain(f -> {
            if (f.status() == FindingStatus.RESOLVED) {
                throw ProblemException.conflict("finding " + id + " is already resolved");
            }
            return transition(s, f, FindingStatus.RESOLVED, actor, reason, null, now).chain(() -> require(s, tenantId, id));
        });
    }

    public Uni<FindingRow> suppress(SqlClient s, String tenantId, UUID id, String reason, Instant until,
            String actor, Instant now) {
        return require(s, tenantId, id).chain(f -> {
            if (!f.status().active()) {
                throw ProblemException.conflict("finding " + id + " is " + f.status().label() + "; only open or "
                        + "reopened findings can be suppressed");
            }
            if (until != null && !until.isAfter(now)) {
                throw ProblemException.badParameter("until", "must be in the future");
            }
            return transition(s, f, FindingStatus.SUPPRESSED, actor, reason, until, now)
                    .chain(() -> require(s, tenantId, id));
        });
    }

    public Uni<FindingRow> unsuppress(SqlClient s, String tenantId, UUID id, String actor, String reason,
            Instant now) {
        return require(s, tenantId, id).chain(f -> {
            if (f.status() != FindingStatus.SUPPRESSED) {
                throw ProblemException.conflict("finding " + id + " is not suppressed");
            }
            return transition(s, f, FindingStatus.OPEN, actor, reason, null, now).chain(() -> require(s, tenantId, id));
        });
    }

    /** Ends suppressions whose expiry passed (scheduler). */
    public Uni<Integer> expireSuppressions(SqlClient s, Instant now) {
        return findings.expiredSuppressions(s, now, 500).chain(expired -> sequentially(expired.stream()
                .map(f -> Uni.createFrom().deferred(() -> transition(s, f, FindingStatus.OPEN, SYSTEM,
                        "suppression expired", null, now)))
                .toList()).replaceWith(expired.size()));
    }

    private Uni<FindingRow> require(SqlClient s, String tenantId, UUID id) {
        return findings.find(s, tenantId, id).map(o -> o.orElseThrow(() -> ProblemException.notFound("finding", id.toString())));
    }

    private Uni<Void> transition(SqlClient s, FindingRow current, FindingStatus next, String actor, String reason,
            Instant until, Instant now) {
        FindingRow changed = current.withStatus(next, now, reason, actor, until);
        return findings.save(s, changed)
                .chain(() -> record(s, List.of(new Change(changed, current.status(), actor, reason)), now));
    }

    /** A state change: the finding after it, the state before (null when created), who and why. */
    private record Change(FindingRow after, FindingStatus from, String actor, String reason) {
    }

    /** History entries and outbox rows (OCSF records) of the changes, written in two statements. */
    private Uni<Void> record(SqlClient s, List<Change> changes, Instant now) {
        List<HistoryEntry> history = new ArrayList<>();
        List<OutboxStore.Entry> outboxEntries = new ArrayList<>();
        for (Change c : changes) {
            FindingRow f = c.after();
            UUID eventId = UUID.randomUUID();
            history.add(new HistoryEntry(f.id(), f.changeSeq(), now, c.from(), f.status(), c.actor(), c.reason()));
            // encoded once, here: the outbox row holds the Kafka record the relay sends as it is
            outboxEntries.add(FindingRecords.entry(eventId, f.tenantId(), f.id(), now,
                    OcsfMapper.map(f, FindingActivity.of(c.from(), f.status()), eventId, now, productVersion)));
            metrics.transitioned(f, c.from());
        }
        return findings.addHistory(s, history).chain(() -> outbox.append(s, outboxEntries));
    }

    /** Runs the steps one after another: a Hibernate Reactive session allows one operation at a time. */
    public static Uni<Void> sequentially(List<Uni<Void>> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(steps).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                .replaceWithVoid();
    }
}
