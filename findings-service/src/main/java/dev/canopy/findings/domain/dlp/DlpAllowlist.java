package dev.canopy.findings.domain.dlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.contracts.rest.Problem;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.store.DlpAllowlistStore;
import dev.canopy.findings.store.DlpAllowlistStore.Entry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A tenant marks a DLP finding "not a secret": its evidence hash (the keyed HMAC of the value, see {@link DlpDrafts})
 * goes on the tenant's allowlist with who/when/why (audited), every open DLP finding of the tenant with that hash is
 * suppressed with the reason, and later scans drop matches with that hash, so the value opens nothing again, on this
 * page or any other. Removing the entry lets the next scans report the value again; findings already suppressed stay
 * so until unsuppressed.
 */
@ApplicationScoped
public class DlpAllowlist {
    public static final String REASON_PREFIX = "not a secret: ";

    @Inject
    Pool db;

    @Inject
    DlpAllowlistStore store;

    @Inject
    FindingLifecycle lifecycle;

    @Inject
    DlpLimits limits;

    /** The entry and the findings this call suppressed; {@code created} false when the value was listed already. */
    public record Marked(Entry entry, boolean created, List<UUID> suppressed) {
    }

    /**
     * Lists the value of the tenant's DLP finding and suppresses its open findings, in one transaction; 404 unknown
     * DLP finding, 409 allowlist full or a finding without a keyed evidence hash.
     */
    public Uni<Marked> markNotSecret(String tenantId, UUID findingId, String reason, String actor) {
        Instant now = Instant.now();
        return db.withTransaction(s -> markNotSecret(s, tenantId, findingId, reason, actor, now));
    }

    private Uni<Marked> markNotSecret(SqlClient s, String tenantId, UUID findingId, String reason, String actor,
            Instant now) {
        return store.dlpFinding(s, tenantId, findingId).chain(found -> {
            var f = found.orElseThrow(() -> ProblemException.notFound("DLP finding", findingId.toString()));
            if (f.evidenceHash() == null) {
                throw ProblemException.conflict("finding " + findingId + " has no evidence hash of the current scheme "
                        + "(stored before keyed fingerprints); it gets one when its page is scanned again");
            }
            return store.byHash(s, tenantId, f.evidenceHash()).chain(existing -> {
                if (existing.isPresent()) {
                    return suppressAll(s, tenantId, f.evidenceHash(), existing.get().reason(), actor, now)
                            .map(ids -> new Marked(existing.get(), false, ids));
                }
                return store.count(s, tenantId).chain(n -> {
                    if (n >= limits.maxAllowlistEntries()) {
                        throw new ProblemException(409, "Conflict", "the DLP allowlist holds at most "
                                + limits.maxAllowlistEntries() + " entries; remove one first",
                                List.of(new Problem.FieldError("allowlist", "at most " + limits.maxAllowlistEntries()
                                        + " entries per tenant")));
                    }
                    Entry e = new Entry(UUID.randomUUID(), f.evidenceHash(), f.ruleId(), f.id(), reason, actor, now);
                    return store.add(s, tenantId, e).chain(added -> {
                        if (!added) { // a concurrent call listed it first
                            throw ProblemException.conflict("the value of finding " + findingId + " was just listed; retry");
                        }
                        return suppressAll(s, tenantId, e.evidenceHash(), reason, actor, now)
                                .map(ids -> new Marked(e, true, ids));
                    });
                });
            });
        });
    }

    public Uni<List<Entry>> list(String tenantId) {
        return db.withConnection(s -> store.list(s, tenantId));
    }

    /** Removes an entry (audited with the reason) in one transaction; 404 when the tenant has no such entry. */
    public Uni<Entry> remove(String tenantId, UUID id, String actor, String reason) {
        return db.withTransaction(s -> store.remove(s, tenantId, id, actor, reason, Instant.now())
                .map(o -> o.orElseThrow(() -> ProblemException.notFound("allowlist entry", id.toString()))));
    }

    /** Additions and removals, newest first. */
    public Uni<List<DlpAllowlistStore.AuditRow>> audit(String tenantId, int limit) {
        return db.withConnection(s -> store.audit(s, tenantId, limit));
    }

    /** The tenant's allowlisted evidence hashes (read once per content version). */
    public Uni<Set<String>> hashes(SqlClient s, String tenantId) {
        return store.hashes(s, tenantId);
    }

    /** Drafts whose evidence hash is not on the allowlist. */
    public static List<FindingDraft> without(List<FindingDraft> drafts, Set<String> allowlisted) {
        if (allowlisted.isEmpty()) {
            return drafts;
        }
        return drafts.stream().filter(d -> !allowlisted.contains(String.valueOf(d.evidence().get("evidenceHash"))))
                .toList();
    }

    private Uni<List<UUID>> suppressAll(SqlClient s, String tenantId, String hash, String reason, String actor,
            Instant now) {
        return store.activeWithHash(s, tenantId, hash).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<UUID>of());
            }
            List<UUID> done = new ArrayList<>();
            return Multi.createFrom().iterable(ids)
                    .onItem().transformToUniAndConcatenate(id -> lifecycle.suppress(s, tenantId, id, REASON_PREFIX + reason,
                            null, actor, now).invoke(r -> done.add(id)))
                    .collect().last().replaceWith(done);
        });
    }
}
