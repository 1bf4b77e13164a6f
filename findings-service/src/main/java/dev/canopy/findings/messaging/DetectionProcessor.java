package dev.canopy.findings.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.findings.domain.detect.DetectionEngine;
import dev.canopy.findings.domain.detect.DetectionSettingsCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the detection engine on one tenant-keyed record at a time (one stream task per partition) and forwards each
 * detection as a CloudEvent whose id is derived from tenant and detection id, so a replayed detection is the same
 * event.
 */
final class DetectionProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = Logger.getLogger(DetectionProcessor.class);
    static final String SOURCE = "urn:canopy:findings-service:detections";
    private final DetectionSettingsCache settings;
    private final DetectionEngine engine = new DetectionEngine();
    private final Counter evaluated;
    private final Counter raised;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    DetectionProcessor(DetectionSettingsCache settings, MeterRegistry meters) {
        this.settings = settings;
        this.evaluated = meters.counter("canopy.detections.audit.events");
        this.raised = meters.counter("canopy.detections.raised");
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(DetectionTopology.STATE_STORE);
        try {
            if (!settings.awaitFirstLoad(Duration.ofSeconds(30))) {
                LOG.warn("detection settings not loaded after 30 s: evaluating with defaults until they are");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CanopyEvent<?> event;
        try {
            event = EventCodec.decode(record.headers(), record.value());
        } catch (InvalidEventException | IllegalArgumentException e) {
            LOG.debugf("detections skip an invalid record: %s", e.getMessage());
            return;
        }
        StoreDetectionState state = new StoreDetectionState(store, event.tenantId());
        if (event.data() instanceof UserData user) {
            engine.onUser(user, state);
        } else if (event.data() instanceof AuditEventData audit) {
            evaluated.increment();
            Instant at = audit.created() != null ? audit.created() : event.time();
            for (DetectionData d : engine.onAuditEvent(audit, at, settings.settings(event.tenantId()), state)) {
                UUID id = UUID.nameUUIDFromBytes((event.tenantId() + "\n" + d.detectionId()).getBytes(StandardCharsets.UTF_8));
                ProducerRecord<String, byte[]> out = EventCodec.toRecord(EventCodec.encode(id.toString(),
                        event.tenantId(), SOURCE, event.connectionId(), null, at, d));
                context.forward(new Record<>(out.key(), out.value(), record.timestamp(), out.headers()));
                raised.increment();
            }
        }
    }
}
