package dev.canopy.findings.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.findings.store.OutboxStore;
import io.cloudevents.CloudEvent;

/**
 * The Kafka record of a finding state change, built once when the change is written: the OCSF record is encoded to
 * JSON once, wrapped as a binary-mode CloudEvent ({@code ce_*} headers) keyed by tenant + finding on the findings
 * topic, and stored in the outbox row as topic, key, headers and value, so the relay only reads rows and sends them.
 * The event is built directly, not decoded from the CloudEvent again (as connector's {@code EventPublisher} does).
 */
public final class FindingRecords {
    static final String SOURCE = "/canopy/findings-service";

    private FindingRecords() {
    }

    /** The outbox row of one change of {@code finding}. */
    public static OutboxStore.Entry entry(UUID eventId, String tenantId, UUID findingId, Instant at, OcsfFinding finding) {
        String id = eventId.toString();
        CloudEvent ce = EventCodec.encode(id, tenantId, SOURCE, null, null, at, finding);
        var event = new CanopyEvent<>(id, EventType.FINDING, tenantId, SOURCE, finding.entityId(), at, null, null, finding);
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(event, ce);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            // CloudEvents binary-mode headers are UTF-8 text
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return new OutboxStore.Entry(eventId, tenantId, findingId, record.topic(), record.key(), headers,
                new String(record.value(), StandardCharsets.UTF_8), at);
    }

    /**
     * A row written before the outbox stored records (migration V6) holds only the OCSF JSON: it is encoded here, once,
     * when the relay reaches it. New rows never take this path.
     */
    public static OutboxStore.Entry fromLegacyRow(OutboxStore.Pending row) {
        try {
            OcsfFinding finding = EventJson.mapper().readValue(row.legacyPayload(), OcsfFinding.class);
            return entry(row.eventId(), row.tenantId(), row.findingId(), row.createdAt(), finding);
        } catch (IOException e) {
            throw new IllegalStateException("outbox row " + row.id() + " holds an unreadable OCSF record", e);
        }
    }
}
