package dev.canopy.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.EntityData;

/**
 * {@link EventCodec#decode(Headers, byte[])} reads canonical records without the CloudEvents SDK
 * ({@link CanonicalRecord}); it must give exactly what the SDK's reading gives — the same event, or the same
 * rejection — for canonical records and for every mutation of them.
 */
class EventCodecFastPathTest {

    /** What a decode gave: the event, or the exception's class and message. */
    private static Object outcome(Headers headers, byte[] value, boolean sdk) {
        try {
            return sdk ? EventCodec.decodeWithSdk(headers, value) : EventCodec.decode(headers, value);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static List<ProducerRecord<String, byte[]>> canonicalRecords() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Instant[] times = {EventSamples.T, Instant.parse("2026-11-28T02:30:00.123Z"),
            Instant.parse("1999-12-31T23:59:59.000000001Z"), Instant.parse("2026-02-28T00:00:00.5Z")};
        int i = 0;
        for (Map.Entry<EventType, EntityData> e : EventSamples.all().entrySet()) {
            Instant t = times[i % times.length];
            String connection = i % 3 == 0 ? null : "conn-" + i;
            String run = i % 2 == 0 ? "run-" + i : null;
            records.add(EventCodec.toRecord(EventCodec.encode("tenant-" + i, "/canopy/connector", connection, run, t,
                    e.getValue())));
            i++;
        }
        return records;
    }

    @Test
    void canonicalRecordsAreReadWithoutTheSdkAndAsTheSdkReadsThem() {
        List<ProducerRecord<String, byte[]>> records = canonicalRecords();
        assertThat(records).hasSizeGreaterThanOrEqualTo(EventType.values().length - 1);
        for (ProducerRecord<String, byte[]> r : records) {
            assertThat(CanonicalRecord.read(r.headers(), r.value())).as("fast path taken for %s", r.key()).isNotNull();
            Object fast = outcome(r.headers(), r.value(), false);
            assertThat(fast).isInstanceOf(CanopyEvent.class).isEqualTo(outcome(r.headers(), r.value(), true));
        }
    }

    @Test
    void everyMutationOfACanonicalRecordIsReadOrRejectedAsTheSdkDoes() {
        int compared = 0;
        int rejected = 0;
        int leftToSdk = 0;
        for (ProducerRecord<String, byte[]> r : canonicalRecords()) {
            for (Mutation m : mutations(r)) {
                Headers h = m.headers();
                Object fast = outcome(h, m.value(), false);
                Object sdk = outcome(h, m.value(), true);
                assertThat(fast).as("%s on %s", m.name(), r.key()).isEqualTo(sdk);
                compared++;
                rejected += sdk instanceof String ? 1 : 0;
                leftToSdk += CanonicalRecord.read(h, m.value()) == null ? 1 : 0;
            }
        }
        // the mutations must exercise both outcomes and both paths, or this test proves nothing
        assertThat(rejected).isGreaterThan(compared / 10).isLessThan(compared);
        assertThat(leftToSdk).isGreaterThan(compared / 10).isLessThan(compared);
    }

    private record Mutation(String name, Headers headers, byte[] value) {
    }

    private static List<Mutation> mutations(ProducerRecord<String, byte[]> r) {
        List<Mutation> out = new ArrayList<>();
        Header[] original = r.headers().toArray();
        byte[] value = r.value();
        for (int i = 0; i < original.length; i++) {
            final int at = i;
            String key = original[i].key();
            out.add(new Mutation("without " + key, with(original, hs -> hs.remove(at)), value));
            out.add(new Mutation("twice " + key, with(original, hs -> hs.add(hs.get(at))), value));
            out.add(new Mutation("upper-case " + key,
                    with(original, hs -> hs.set(at, header(key.toUpperCase(), text(hs.get(at))))), value));
            for (String odd : List.of("", " ", "1.0", "0.3", "1.1", "://x", "a b", "canopy://connector/1",
                    "2026-11-01T10:15:30+00:00", "2026-11-01T10:15:30.5Z", "2026-11-01t10:15:30z", "2026-02-30T00:00:00Z",
                    "2026-11-01T23:59:60Z", "2026-11-01T10:15:30", "application/cloudevents+json",
                    "application/json; charset=utf-8", "text/plain", "dev.canopy.nope.v1", "dev.canopy.user.v1")) {
                out.add(new Mutation(key + "=" + odd, with(original, hs -> hs.set(at, header(key, odd))), value));
            }
            out.add(new Mutation(key + "=null", with(original, hs -> hs.set(at, new RecordHeader(key, null))), value));
        }
        for (String extra : List.of("ce_foo", "CE_ID", "ce_datacontenttype", "traceparent", "dead-letter-reason",
                "ce_", "ce")) {
            out.add(new Mutation("plus " + extra, with(original, hs -> hs.add(header(extra, "x"))), value));
        }
        out.add(new Mutation("no headers", new RecordHeaders(), value));
        out.add(new Mutation("empty value", new RecordHeaders(original), new byte[0]));
        out.add(new Mutation("null value", new RecordHeaders(original), null));
        out.add(new Mutation("value {}", new RecordHeaders(original), "{}".getBytes(StandardCharsets.UTF_8)));
        out.add(new Mutation("value not JSON", new RecordHeaders(original), "nope".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static Headers with(Header[] original, java.util.function.Consumer<List<Header>> change) {
        List<Header> hs = new ArrayList<>(List.of(original));
        change.accept(hs);
        return new RecordHeaders(hs.toArray(Header[]::new));
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Header h) {
        return h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
