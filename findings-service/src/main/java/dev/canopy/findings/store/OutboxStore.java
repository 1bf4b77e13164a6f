package dev.canopy.findings.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

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
     * Appends the changes in list order in one statement (ids
     * follow it, and the relay publishes in id order). Each row's headers travel as one PostgreSQL array literal
     * (names and values alternating), since {@code unnest} would flatten an array of arrays.
     */
    public Uni<Void> append(SqlClient s, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.update(s, """
                insert into finding_outbox (event_id, tenant_id, finding_id, topic, record_key, record_headers,
                    record_value, created_at)
                select u.event_id, u.tenant_id, u.finding_id, u.topic, u.record_key, cast(u.record_headers as text[]),
                    u.record_value, u.created_at
                from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as uuid[]), cast($4 as text[]),
                    cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast(cast($8 as text[]) as timestamptz[]))
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
     * Takes (advisory lock) the relay lock for the current transaction; false when another
     * relay holds it.
     */
    public Uni<Boolean> tryLockRelay(SqlClient s) {
        return Sql.query(s, "select pg_try_advisory_xact_lock($1) as locked", List.of(RELAY_LOCK))
                .map(rows -> Boolean.TRUE.equals(rows.get(0).getValue("locked")));
    }

    /**
     * Across tenants: the oldest unpublished changes, in the order they were made, one statement per batch; each row's
     * headers come as its {@code text[]} of names and values alternating.
     */
    public Uni<List<Pending>> nextBatch(SqlClient s, int limit) {
        return Sql.query(s, """
                select id, event_id, tenant_id, finding_id, topic, record_key, record_value,
                    record_headers,
                    case when record_value is null then cast(payload as text) end as legacy_payload, created_at
                from finding_outbox order by id limit
                """ + limit, List.of()).map(rows -> rows.stream().map(r -> new Pending(r.getLong("id"),
                        r.getUUID("event_id"), r.getString("tenant_id"), r.getUUID("finding_id"),
                        r.getString("topic"), r.getString("record_key"), headers(r.getArrayOfStrings("record_headers")),
                        r.getString("record_value"), r.getString("legacy_payload"),
                        UtcTimes.instant(r.getValue("created_at")))).toList());
    }

    /** A row's headers from their array (names and values alternating); none for rows written before V6. */
    static Map<String, String> headers(String[] items) {
        if (items == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.length; i += 2) {
            out.put(items[i], items[i + 1]);
        }
        return out;
    }

    /**
     * Removes changes that Kafka acknowledged: the outbox holds only unpublished changes (a published row was kept for a
     * retention once, see migration V8).
     */
    public Uni<Void> deletePublished(SqlClient s, List<Long> ids) {
        return Sql.update(s, "delete from finding_outbox where id = any($1)", (Object) ids.toArray(Long[]::new))
                .replaceWithVoid();
    }

    /** Age in seconds of the oldest unpublished change (0 when none), for the outbox-lag gauge. */
    public Uni<Double> oldestPendingAgeSeconds(SqlClient s, Instant now) {
        return Sql.query(s, "select min(created_at) as oldest from finding_outbox",
                List.of()).map(rows -> {
                    Instant oldest = UtcTimes.instant(rows.get(0).getValue("oldest"));
                    return oldest == null ? 0.0 : Math.max(0, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000.0);
                });
    }
}
