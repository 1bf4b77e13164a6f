package dev.canopy.findings.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * An unpublished change: the record to send (topic, key, headers, value), or for a row written before V6 only
     * the OCSF JSON in {@code legacyPayload} (then topic, key, headers and value are null).
     */
    public record Pending(long id, UUID eventId, String tenantId, UUID findingId, String topic, String key,
            Map<String, String> headers, String value, String legacyPayload, Instant createdAt) {
        public Entry entry() {
            return new Entry(eventId, tenantId, findingId, topic, key, headers, value, createdAt);
        }
    }

    /** A state change to publish, as the Kafka record it is sent as (value: UTF-8 text, headers: UTF-8 values). */
    public record Entry(UUID eventId, String tenantId, UUID findingId, String topic, String key,
            Map<String, String> headers, String value, Instant createdAt) {
    }

    /**
     * Native SQL on purpose (bulk {@code unnest} insert): appends the changes in list order in one statement (ids
     * follow it, and the relay publishes in id order). Each row's headers travel as one PostgreSQL array literal
     * (names and values alternating), since {@code unnest} would flatten an array of arrays.
     */
    public Uni<Void> append(Mutiny.Session s, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return NativeQueries.execute(s, """
                insert into finding_outbox (event_id, tenant_id, finding_id, topic, record_key, record_headers,
                    record_value, created_at)
                select u.event_id, u.tenant_id, u.finding_id, u.topic, u.record_key, cast(u.record_headers as text[]),
                    u.record_value, u.created_at
                from unnest(cast(?1 as uuid[]), cast(?2 as text[]), cast(?3 as uuid[]), cast(?4 as text[]),
                    cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(cast(?8 as text[]) as timestamptz[]))
                    with ordinality as u(event_id, tenant_id, finding_id, topic, record_key, record_headers,
                    record_value, created_at, n)
                order by u.n
                """, FindingStore.column(entries, Entry::eventId, UUID[]::new),
                FindingStore.column(entries, Entry::tenantId, String[]::new),
                FindingStore.column(entries, Entry::findingId, UUID[]::new),
                FindingStore.column(entries, Entry::topic, String[]::new),
                FindingStore.column(entries, Entry::key, String[]::new),
                FindingStore.column(entries, e -> arrayLiteral(e.headers()), String[]::new),
                FindingStore.column(entries, Entry::value, String[]::new),
                FindingStore.column(entries, e -> UtcTimes.iso(e.createdAt()), String[]::new))
                .replaceWithVoid();
    }

    /** {@code {"name","value",...}}: PostgreSQL array input, every element quoted, {@code "} and {@code \} escaped. */
    static String arrayLiteral(Map<String, String> headers) {
        StringBuilder b = new StringBuilder("{");
        headers.forEach((name, value) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            quote(b, name).append(',');
            quote(b, value);
        });
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"');
    }

    /**
     * Native SQL on purpose (advisory lock): takes the relay lock for the current transaction; false when another
     * relay holds it.
     */
    private static final com.fasterxml.jackson.databind.ObjectReader HEADER_READER =
            new com.fasterxml.jackson.databind.ObjectMapper().readerFor(String[].class);

    public Uni<Boolean> tryLockRelay(Mutiny.Session s) {
        return NativeQueries.tuples(s, "select pg_try_advisory_xact_lock(?1) as locked", List.of(RELAY_LOCK))
                .map(rows -> Boolean.TRUE.equals(rows.get(0).get("locked")));
    }

    /**
     * Across tenants: the oldest unpublished changes, in the order they were made. The session does not read array
     * columns, so each row's headers come as one small JSON array of strings ({@code array_to_json}), names and values
     * alternating — one statement per batch.
     */
    public Uni<List<Pending>> nextBatch(Mutiny.Session s, int limit) {
        return NativeQueries.tuples(s, """
                select id, event_id, tenant_id, finding_id, topic, record_key, record_value,
                    cast(array_to_json(record_headers) as text) as headers,
                    case when record_value is null then cast(payload as text) end as legacy_payload, created_at
                from finding_outbox where published_at is null order by id limit
                """ + limit, List.of()).map(rows -> rows.stream().map(r -> new Pending(NativeQueries.longValue(r.get("id")),
                        r.get("event_id", UUID.class), r.get("tenant_id", String.class), r.get("finding_id", UUID.class),
                        r.get("topic", String.class), r.get("record_key", String.class), headers(r.get("headers", String.class)),
                        r.get("record_value", String.class), r.get("legacy_payload", String.class),
                        UtcTimes.instant(r.get("created_at")))).toList());
    }

    /** A row's headers from their JSON array (names and values alternating); none for rows written before V6. */
    static Map<String, String> headers(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            String[] items = HEADER_READER.readValue(json);
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i + 1 < items.length; i += 2) {
                out.put(items[i], items[i + 1]);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("outbox headers are unreadable", e);
        }
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
