package dev.canopy.findings.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.canopy.findings.store.FindingStore;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@link FindingLifecycle#reconcile} against the real database: what it opens, sees again, resolves and reopens, and
 * that suppressed findings and findings the caller may not resolve stay as they are. Each change also writes a
 * history entry and an outbox row in the same transaction (the history entries are counted here: the relay deletes an
 * outbox row once it is sent, see {@code FindingsOutboxRelayTest}).
 */
@QuarkusTest
class FindingLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FindingLifecycle lifecycle;
    @Inject
    FindingStore store;
    @Inject
    Pool db;

    @Test
    void reconcileOpensSeesAgainResolvesAndReopens() {
        String tenant = TestEvents.uniqueTenant("lifecycle");
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        FindingDraft a = draft("a", FindingSeverity.HIGH);
        FindingDraft b = draft("b", FindingSeverity.LOW);

        assertThat(reconcile(tenant, List.of(a, b, a), f -> true, t0)).as("duplicates in one observation count once")
                .isEqualTo(new FindingLifecycle.Outcome(2, 0, 0, 0));
        assertThat(reconcile(tenant, List.of(a, b), f -> true, t0.plusSeconds(60)))
                .isEqualTo(new FindingLifecycle.Outcome(0, 0, 0, 2));
        assertThat(reconcile(tenant, List.of(a), f -> false, t0.plusSeconds(120)))
                .as("not observed, but the caller may not resolve it (an incomplete snapshot)")
                .isEqualTo(new FindingLifecycle.Outcome(0, 0, 0, 1));
        assertThat(reconcile(tenant, List.of(a), f -> true, t0.plusSeconds(180)))
                .isEqualTo(new FindingLifecycle.Outcome(0, 0, 1, 1));
        assertThat(statuses(tenant)).containsEntry("fp-" + tenant + "-a", FindingStatus.OPEN)
                .containsEntry("fp-" + tenant + "-b", FindingStatus.RESOLVED);
        assertThat(reconcile(tenant, List.of(a, draft("b", FindingSeverity.CRITICAL)), f -> true, t0.plusSeconds(240)))
                .isEqualTo(new FindingLifecycle.Outcome(0, 1, 0, 1));
        FindingRow b2 = rows(tenant).get("fp-" + tenant + "-b");
        assertThat(b2.status()).isEqualTo(FindingStatus.REOPENED);
        assertThat(b2.severity()).as("facts are refreshed when seen again").isEqualTo(FindingSeverity.CRITICAL);
        // opened a, opened b, resolved b, reopened b
        assertThat(changes(tenant)).isEqualTo(4);
    }

    @Test
    void aSuppressedFindingIsNeitherResolvedNorReopenedByObservations() {
        String tenant = TestEvents.uniqueTenant("lifecycle-suppressed");
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        FindingDraft a = draft("a", FindingSeverity.HIGH);
        reconcile(tenant, List.of(a), f -> true, t0);
        FindingRow row = rows(tenant).get("fp-" + tenant + "-a");
        db.withTransaction(s -> lifecycle.suppress(s, tenant, row.id(), "accepted risk", null, "analyst",
                t0.plusSeconds(1))).await().atMost(WAIT);

        assertThat(reconcile(tenant, List.of(), f -> true, t0.plusSeconds(60)))
                .as("a suppressed finding is not active: nothing to resolve").isEqualTo(new FindingLifecycle.Outcome(0, 0, 0, 0));
        assertThat(reconcile(tenant, List.of(a), f -> true, t0.plusSeconds(120)))
                .isEqualTo(new FindingLifecycle.Outcome(0, 0, 0, 1));
        assertThat(statuses(tenant)).containsEntry("fp-" + tenant + "-a", FindingStatus.SUPPRESSED);
    }

    /**
     * Two replicas reconciling the same item at once (the one losing a partition in a rebalance still scans what the
     * new owner re-reads): each transaction stays open a while after its reconcile, so they overlap; whichever comes
     * second must wait and then see the other's finding, not insert the same fingerprint again (a unique violation)
     * or write a second "created" change.
     */
    @Test
    void concurrentReconciliationsOfOneScopeCreateOneFindingAndOneChange() {
        String tenant = TestEvents.uniqueTenant("lifecycle-replicas");
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        FindingDraft a = withTenant(draft("a", FindingSeverity.HIGH), tenant);
        FindingDraft dlp = new FindingDraft(a.fingerprint(), FindingKind.DLP, a.ruleId(), a.title(), a.severity(), "page",
                "site:1", a.resourceName(), a.description(), a.remediation(), a.evidence(), a.srcUrl());
        var replicas = List.of(0, 1).stream().map(i -> db.withTransaction(s -> lifecycle.reconcile(s, tenant,
                FindingKind.DLP, "site:1", List.of(dlp), f -> true, t0.plusSeconds(i))
                .call(() -> s.query("select pg_sleep(0.8)").execute()))
                .subscribeAsCompletionStage()).toList();

        assertThat(replicas.stream().map(java.util.concurrent.CompletableFuture::join).toList())
                .as("one opened it, the other waited and saw it")
                .containsExactlyInAnyOrder(new FindingLifecycle.Outcome(1, 0, 0, 0), new FindingLifecycle.Outcome(0, 0, 0, 1));
        assertThat(db.withConnection(s -> store.inScope(s, tenant, FindingKind.DLP, "site:1")).await().atMost(WAIT)).hasSize(1);
        assertThat(changes(tenant)).as("one created change").isEqualTo(1);
    }

    private FindingLifecycle.Outcome reconcile(String tenant, List<FindingDraft> observed, Predicate<FindingRow> mayResolve,
            Instant now) {
        List<FindingDraft> drafts = observed.stream().map(d -> withTenant(d, tenant)).toList();
        return db.withTransaction(s -> lifecycle.reconcile(s, tenant, FindingKind.POSTURE, null, drafts, mayResolve,
                now)).await().atMost(WAIT);
    }

    private Map<String, FindingRow> rows(String tenant) {
        return db.withConnection(s -> store.inScope(s, tenant, FindingKind.POSTURE, null)).await().atMost(WAIT);
    }

    private Map<String, FindingStatus> statuses(String tenant) {
        Map<String, FindingStatus> out = new java.util.HashMap<>();
        rows(tenant).forEach((fp, r) -> out.put(fp, r.status()));
        return out;
    }

    /** State changes written for the tenant's findings (a history entry each, with its outbox row). */
    private long changes(String tenant) {
        return db.preparedQuery("select count(*) as n from finding_history h join finding f on f.id = h.finding_id "
                + "where f.tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> rows.iterator().next().getLong("n")).await().atMost(WAIT);
    }

    private static FindingDraft draft(String name, FindingSeverity severity) {
        return new FindingDraft(name, FindingKind.POSTURE, "rule-" + name, "Rule " + name, severity, "user", "acc-" + name,
                "Account " + name, "description", "remediation", Map.of("n", name), null);
    }

    private static FindingDraft withTenant(FindingDraft d, String tenant) {
        return new FindingDraft("fp-" + tenant + "-" + d.fingerprint(), d.kind(), d.ruleId(), d.title(), d.severity(),
                d.resourceType(), d.resourceId(), d.resourceName(), d.description(), d.remediation(), d.evidence(),
                d.srcUrl());
    }
}
