package dev.canopy.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.UserData;
import io.cloudevents.CloudEvent;

class EventCodecTest {
    private final UserData user = (UserData) EventSamples.all().get(EventType.USER);

    @Test
    void aTenantsAuditEventsShareOneKeySoTheyKeepTheStreamsOrderOnOnePartition() {
        var first = new dev.canopy.contracts.events.data.AuditEventData("ev-1", "user_login", java.time.Instant.EPOCH,
                "a", "A", null, "Germany", java.util.Map.of());
        var second = new dev.canopy.contracts.events.data.AuditEventData("ev-2", "page_trashed", java.time.Instant.EPOCH,
                "b", "B", null, null, java.util.Map.of());
        String k1 = EventCodec.toRecord(EventCodec.encode("t1", "/test", null, null, java.time.Instant.EPOCH, first)).key();
        String k2 = EventCodec.toRecord(EventCodec.encode("t1", "/test", null, null, java.time.Instant.EPOCH, second)).key();
        String other = EventCodec.toRecord(EventCodec.encode("t2", "/test", null, null, java.time.Instant.EPOCH, first)).key();
        assertThat(k1).isEqualTo(k2).isEqualTo("t1/audit-event/stream");
        assertThat(other).isNotEqualTo(k1);
        var user = new UserData("u-1", null, null, null, null, null, null, null, null, null, null);
        assertThat(EventCodec.toRecord(EventCodec.encode("t1", "/test", null, null, java.time.Instant.EPOCH, user)).key())
                .isEqualTo("t1/user/u-1");
    }

    @Test
    void roundTripsThroughAKafkaRecordInBinaryMode() {
        CloudEvent ce = EventCodec.encode("tenant-a", "/canopy/connector", "conn-1", "run-1", EventSamples.T, user);
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(ce);

        assertThat(record.topic()).isEqualTo("canopy.inventory.v1");
        assertThat(record.key()).isEqualTo("tenant-a/user/" + user.accountId());
        assertThat(header(record, "ce_type")).isEqualTo("dev.canopy.user.v1");
        assertThat(header(record, "ce_tenantid")).isEqualTo("tenant-a");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{").contains("\"accountId\"");

        CanopyEvent<?> decoded = EventCodec.decode(record.headers(), record.value());
        assertThat(decoded.type()).isEqualTo(EventType.USER);
        assertThat(decoded.tenantId()).isEqualTo("tenant-a");
        assertThat(decoded.connectionId()).isEqualTo("conn-1");
        assertThat(decoded.syncRunId()).isEqualTo("run-1");
        assertThat(decoded.time()).isEqualTo(EventSamples.T);
        assertThat(decoded.data()).isEqualTo(user);
    }

    @Test
    void rejectsRecordsThatAreNotCloudEvents() {
        assertThatThrownBy(() -> EventCodec.decode(new RecordHeaders(), "{}".getBytes()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not a CloudEvent");
    }

    @Test
    void rejectsUnknownTypeAndMissingTenantAndInvalidData() {
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(
                EventCodec.encode("tenant-a", "/canopy/connector", null, null, EventSamples.T, user));

        RecordHeaders unknownType = new RecordHeaders(record.headers().toArray());
        unknownType.remove("ce_type").add("ce_type", "dev.canopy.nope.v9".getBytes());
        assertThatThrownBy(() -> EventCodec.decode(unknownType, record.value()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown event type");

        RecordHeaders noTenant = new RecordHeaders(record.headers().toArray());
        noTenant.remove("ce_tenantid");
        assertThatThrownBy(() -> EventCodec.decode(noTenant, record.value()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("tenantid");

        assertThatThrownBy(() -> EventCodec.decode(record.headers(), "{\"email\":\"x\"}".getBytes()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("accountId is required");
    }

    @Test
    void deletionsAreKeyedLikeTheEntityTheyDelete() {
        var deleted = new dev.canopy.contracts.events.data.EntityDeletedData("user", user.accountId(), "sweep");
        var contentGone = new dev.canopy.contracts.events.data.ContentDeletedData("site-1", "42", "page", "trashed");
        var content = (dev.canopy.contracts.events.data.ContentData) EventSamples.all().get(EventType.CONTENT);
        assertThat(EventCodec.toRecord(EventCodec.encode("t", "/s", null, null, EventSamples.T, deleted)).key())
                .isEqualTo(EventCodec.toRecord(EventCodec.encode("t", "/s", null, null, EventSamples.T, user)).key());
        assertThat(EventCodec.toRecord(EventCodec.encode("t", "/s", null, null, EventSamples.T, contentGone)).key())
                .isEqualTo("t/content/site-1:42");
        assertThat(EventCodec.toRecord(EventCodec.encode("t", "/s", null, null, EventSamples.T, content)).key())
                .isEqualTo("t/content/" + content.entityId());
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
