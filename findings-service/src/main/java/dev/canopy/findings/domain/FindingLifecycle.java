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
import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.findings.store.FindingStore;
import dev.canopy.findings.store.OutboxStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The one place where findings change state. Every change writes the finding, a history entry and an outbox row
 * (the OCSF record) in the caller's transaction, so a state change and its publication commit or fail together.
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
     * Brings the stored findings of one scope (a kind, optionally one resource) in line with what was just observed:
     * new fingerprints open, resolved ones reopen, the others are seen again; stored active findings that were not
     * observed are resolved when {@code mayResolve} allows it. Suppressed findings stay suppressed.
     */
    public Uni<Outcome> reconcile(Mutiny.Session s, String tenantId, FindingKind kind, String resourceId,
            List<FindingDraft> observed, Predicate<FindingRow> mayResolve, Instant now) {
        Map<String, FindingDraft> drafts = new LinkedHashMap<>();
        observed.forEach(d -> drafts.putIfAbsent(d.fingerprint(), d));
        return findings.inScope(s, tenantId, kind, resourceId).chain(existing -> {
            List<Uni<Void>> changes = new ArrayList<>();
            List<FindingRow> touched = new ArrayList<>();
            int[] counts = new int[3];
            for (FindingDraft d : drafts.values()) {
                FindingRow current = existing.get(d.fingerprint());
                if (current == null) {
                    counts[0]++;
                    FindingRow created = FindingRow.opened(UUID.randomUUID(), tenantId, d, now);
                    changes.add(Uni.createFrom().deferred(() -> findings.insert(s, created)
                            .chain(() -> recordChange(s, created, null, SYSTEM, "observed", now))));
                } else if (current.status() == FindingStatus.RESOLVED) {
                    counts[1]++;
                    changes.add(Uni.createFrom().deferred(() -> transition(s, current.seenAgain(d, now),
                            FindingStatus.REOPENED, SYSTEM, "observed again", null, now)));
                } else {
                    touched.add(current.seenAgain(d, now));
                }
            }
            for (FindingRow current : existing.values()) {
                if (!drafts.containsKey(current.fingerprint()) && current.status().active() && mayResolve.test(current)) {
                    counts[2]++;
                    changes.add(Uni.createFrom().deferred(() -> transition(s, current, FindingStatus.RESOLVED, SYSTEM,
                            "no longer observed", null, now)));
                }
            }
            // facts of unchanged findings are refreshed only when they differ; last_seen moves for all at once
            for (FindingRow t : touched) {
                FindingRow before = existing.get(t.fingerprint());
                if (!t.evidence().equals(before.evidence()) || t.severity() != before.severity()
                        || !java.util.Objects.equals(t.resourceName(), before.resourceName())) {
                    changes.add(Uni.createFrom().deferred(() -> findings.save(s, t)));
                }
            }
            Outcome outcome = new Outcome(counts[0], counts[1], counts[2], touched.size());
            return sequentially(changes)
                    .chain(() -> findings.touch(s, tenantId, touched.stream().map(FindingRow::id).toList(), now))
                    .replaceWith(outcome);
        });
    }

    public Uni<FindingRow> suppress(Mutiny.Session s, String tenantId, UUID id, String reason, Instant until,
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

    public Uni<FindingRow> unsuppress(Mutiny.Session s, String tenantId, UUID id, String actor, String reason,
            Instant now) {
        return require(s, tenantId, id).chain(f -> {
            if (f.status() != FindingStatus.SUPPRESSED) {
                throw ProblemException.conflict("finding " + id + " is not suppressed");
            }
            return transition(s, f, FindingStatus.OPEN, actor, reason, null, now).chain(() -> require(s, tenantId, id));
        });
    }

    /** Ends suppressions whose expiry passed (scheduler). */
    public Uni<Integer> expireSuppressions(Mutiny.Session s, Instant now) {
        return findings.expiredSuppressions(s, now, 500).chain(expired -> sequentially(expired.stream()
                .map(f -> Uni.createFrom().deferred(() -> transition(s, f, FindingStatus.OPEN, SYSTEM,
                        "suppression expired", null, now)))
                .toList()).replaceWith(expired.size()));
    }

    private Uni<FindingRow> require(Mutiny.Session s, String tenantId, UUID id) {
        return findings.find(s, tenantId, id).map(o -> o.orElseThrow(() -> ProblemException.notFound("finding", id.toString())));
    }

    private Uni<Void> transition(Mutiny.Session s, FindingRow current, FindingStatus next, String actor, String reason,
            Instant until, Instant now) {
        FindingRow changed = current.withStatus(next, now, reason, actor, until);
        return findings.save(s, changed).chain(() -> recordChange(s, changed, current.status(), actor, reason, now));
    }

    private Uni<Void> recordChange(Mutiny.Session s, FindingRow f, FindingStatus from, String actor, String reason,
            Instant now) {
        UUID eventId = UUID.randomUUID();
        String payload = new String(EventCodec.toJson(OcsfMapper.map(f, FindingActivity.of(from, f.status()), eventId,
                now, productVersion)), java.nio.charset.StandardCharsets.UTF_8);
        metrics.transitioned(f, from);
        return findings.addHistory(s, new HistoryEntry(f.id(), f.changeSeq(), now, from, f.status(), actor, reason))
                .chain(() -> outbox.append(s, f.tenantId(), f.id(), eventId, payload, now));
    }

    /** Runs the steps one after another: a Hibernate Reactive session allows one operation at a time. */
    static Uni<Void> sequentially(List<Uni<Void>> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(steps).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                .replaceWithVoid();
    }
}
