package dev.canopy.findings.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.support.sql.NativeQueries;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;

/**
 * The transactional outbox of finding state changes. Rows are written in the transaction of the change and relayed
 * to Kafka in id order by one relay at a time (advisory lock), so changes of one finding keep their order.
 */
@ApplicationScoped
public class OutboxStore {
    /** Arbitrary constant identifying the relay's advisory lock. */
    private static final long RELAY_LOCK = 0x6361_6e6f_7079_01L;

    public record Pending(long id, UUID eventId, String tenantId, UUID findingId, String payload, Instant createdAt) {
    }

    /** A state change to publish. */
    public record Entry(UUID eventId, String tenantId, UUID findingId, String payload, Instant createdAt) {
    }

    /**
     * Native SQL on purpose (bulk {@code unnest} insert): appends the changes in list order in one statement (ids
     * follow it, and the relay publishes in id order).
     */
    public Uni<Void> append(Mutiny.Session s, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return NativeQueries.execute(s, """
                insert into finding_outbox (event_id, tenant_id, finding_id, payload, created_at)
                select u.event_id, u.tenant_id, u.finding_id, cast(u.payload as jsonb), u.created_at
                from unnest(cast(?1 as uuid[]), cast(?2 as text[]), cast(?3 as uuid[]), cast(?4 as text[]),
                    cast(cast(?5 as text[]) as timestamptz[])) with ordinality as u(event_id, tenant_id, finding_id, payload, created_at, n)
                order by u.n
                """, FindingStore.column(entries, Entry::eventId, UUID[]::new),
                FindingStore.column(entries, Entry::tenantId, String[]::new),
                FindingStore.column(entries, Entry::findingId, UUID[]::new),
                FindingStore.column(entries, Entry::payload, String[]::new),
                FindingStore.column(entries, e -> UtcTimes.iso(e.createdAt()), String[]::new))
                .replaceWithVoid();
    }

    /**
     * Native SQL on purpose (advisory lock): takes the relay lock for the current transaction; false when another
     * relay holds it.
     */
    public Uni<Boolean> tryLockRelay(Mutiny.Session s) {
        return NativeQueries.tuples(s, "select pg_try_advisory_xact_lock(?1) as locked", List.of(RELAY_LOCK))
                .map(rows -> Boolean.TRUE.equals(rows.get(0).get("locked")));
    }

    /** Across tenants: the oldest unpublished changes, in the order they were made. */
    public Uni<List<Pending>> nextBatch(Mutiny.Session s, int limit) {
        return NativeQueries.tuples(s, """
                select id, event_id, tenant_id, finding_id, cast(payload as text) as payload, created_at from finding_outbox
                where published_at is null order by id limit
                """ + limit, List.of()).map(rows -> rows.stream().map(r -> new Pending(NativeQueries.longValue(r.get("id")),
                        r.get("event_id", UUID.class), r.get("tenant_id", String.class), r.get("finding_id", UUID.class),
                        r.get("payload", String.class), UtcTimes.instant(r.get("created_at")))).toList());
    }

    public Uni<Void> markPublished(Mutiny.Session s, List<Long> ids, Instant at) {
        return NativeQueries.execute(s, "update finding_outbox set published_at = ?2 where id = any(?1)",
                ids.toArray(Long[]::new), UtcTimes.utc(at)).replaceWithVoid();
    }

    /** Housekeeping: published rows older than the retention are deleted. */
    public Uni<Integer> purgePublished(Mutiny.Session s, Instant publishedBefore) {
        return NativeQueries.execute(s, "delete from finding_outbox where published_at < ?1", UtcTimes.utc(publishedBefore));
    }

    /** Age in seconds of the oldest unpublished change (0 when none), for the outbox-lag gauge. */
    public Uni<Double> oldestPendingAgeSeconds(Mutiny.Session s, Instant now) {
        return NativeQueries.tuples(s, "select min(created_at) as oldest from finding_outbox where published_at is null",
                List.of()).map(rows -> {
                    Instant oldest = UtcTimes.instant(rows.get(0).get("oldest"));
                    return oldest == null ? 0.0 : Math.max(0, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000.0);
                });
    }
}
