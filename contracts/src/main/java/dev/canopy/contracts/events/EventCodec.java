package dev.canopy.contracts.events;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import dev.canopy.contracts.events.data.EntityData;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;

/**
 * Turns typed event data into CloudEvents 1.0 (binary mode on Kafka: {@code ce_*} headers, JSON data) and back,
 * with the CloudEvents SDK. Decoding checks everything the platform relies on and throws
 * {@link InvalidEventException} with the reason otherwise.
 */
public final class EventCodec {
    public static final String EXT_TENANT = "tenantid";
    public static final String EXT_CONNECTION = "connectionid";
    public static final String EXT_SYNC_RUN = "syncrunid";
    public static final String JSON = "application/json";

    private EventCodec() {
    }

    /** Builds the CloudEvent for one entity observation. */
    public static CloudEvent encode(String tenantId, String source, String connectionId, String syncRunId,
            Instant observedAt, EntityData data) {
        return encode(UUID.randomUUID().toString(), tenantId, source, connectionId, syncRunId, observedAt, data);
    }

    public static CloudEvent encode(String id, String tenantId, String source, String connectionId, String syncRunId,
            Instant observedAt, EntityData data) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId is required");
        }
        EventType type = EventType.of(data.getClass());
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create(source))
                .withType(type.type())
                .withSubject(data.entityId())
                .withTime(OffsetDateTime.ofInstant(observedAt, ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withDataSchema(URI.create(type.schemaUri()))
                .withExtension(EXT_TENANT, tenantId)
                .withData(toJson(data));
        if (connectionId != null) {
            b.withExtension(EXT_CONNECTION, connectionId);
        }
        if (syncRunId != null) {
            b.withExtension(EXT_SYNC_RUN, syncRunId);
        }
        return b.build();
    }

    /** A ready-to-send Kafka record on the type's topic, keyed by tenant + entity. */
    public static ProducerRecord<String, byte[]> toRecord(CanopyEvent<?> event, CloudEvent cloudEvent) {
        return KafkaMessageFactory.createWriter(event.type().topic().name(), null, null, event.recordKey())
                .writeBinary(cloudEvent);
    }

    public static ProducerRecord<String, byte[]> toRecord(CloudEvent cloudEvent) {
        return toRecord(decode(cloudEvent), cloudEvent);
    }

    /**
     * Reads a Kafka record (headers + value) as a CloudEvent and decodes it: straight from the headers when the record
     * is in the binary form {@link #toRecord} writes ({@link CanonicalRecord}), through the CloudEvents SDK otherwise.
     */
    public static CanopyEvent<?> decode(Headers headers, byte[] value) {
        CanonicalRecord.Attributes a = CanonicalRecord.read(headers, value);
        if (a == null) {
            return decodeWithSdk(headers, value);
        }
        return decode(a.id(), a.type(), a.tenantId(), a.source(), a.subject(), a.time(), a.connectionId(),
                a.syncRunId(), value);
    }

    /** The SDK's reading of a record, for every form {@link CanonicalRecord} leaves to it (and to compare with). */
    static CanopyEvent<?> decodeWithSdk(Headers headers, byte[] value) {
        CloudEvent ce;
        try {
            MessageReader reader = KafkaMessageFactory.createReader(headers, value);
            ce = reader.toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new InvalidEventException("not a CloudEvent: " + e.getMessage(), e);
        }
        return decode(ce);
    }

    public static CanopyEvent<?> decode(CloudEvent ce) {
        return decode(ce.getId(), ce.getType(), stringExt(ce, EXT_TENANT), ce.getSource().toString(), ce.getSubject(),
                ce.getTime() == null ? null : ce.getTime().toInstant(), stringExt(ce, EXT_CONNECTION),
                stringExt(ce, EXT_SYNC_RUN), ce.getData() == null ? null : ce.getData().toBytes());
    }

    private static CanopyEvent<?> decode(String id, String typeName, String tenant, String source, String subject,
            Instant time, String connectionId, String syncRunId, byte[] json) {
        EventType type = EventType.ofType(typeName);
        if (tenant == null || tenant.isBlank()) {
            throw new InvalidEventException("missing CloudEvents extension '" + EXT_TENANT + "'");
        }
        if (time == null) {
            throw new InvalidEventException("missing CloudEvents attribute 'time'");
        }
        if (json == null) {
            throw new InvalidEventException("event " + id + " has no data");
        }
        EntityData data;
        try {
            data = EventJson.mapper().readValue(json, type.dataClass());
        } catch (IOException e) {
            throw new InvalidEventException("data of " + type.type() + " is invalid: " + rootMessage(e), e);
        }
        return new CanopyEvent<>(id, type, tenant, source, subject, time, connectionId, syncRunId, data);
    }

    public static byte[] toJson(Object data) {
        try {
            return EventJson.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + data.getClass().getSimpleName(), e);
        }
    }

    private static String stringExt(CloudEvent ce, String name) {
        Object v = ce.getExtension(name);
        return v == null ? null : v.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
