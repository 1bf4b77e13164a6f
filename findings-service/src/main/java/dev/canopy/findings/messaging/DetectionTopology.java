package dev.canopy.findings.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.domain.detect.DetectionEngine;
import dev.canopy.findings.domain.detect.DetectionSettingsCache;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The threat detection processor, a Kafka Streams topology inside findings-service: audit events and user records
 * from the inventory topic, re-keyed by tenant (one tenant's events meet in one task, in one partition's order),
 * evaluated by {@link DetectionEngine} with the tenant's state in a changelog-backed store, detections out to
 * {@code canopy.detections.v1}. With exactly-once processing (the default) the store's changelog, the detections and
 * the input offsets commit in one Kafka transaction: a kill -9 mid-window neither loses nor repeats an alert.
 */
@ApplicationScoped
public class DetectionTopology {
    private static final Logger LOG = Logger.getLogger(DetectionTopology.class);
    /** The one state store: accounts, windows, first-seen actors of every tenant, keys prefixed by tenant. */
    static final String STATE_STORE = "detection-state";
    static final String REPARTITION = "audit-by-tenant";
    private static final String CE_TYPE = "ce_type";
    private static final String CE_TENANT = "ce_" + EventCodec.EXT_TENANT;
    private static final Set<String> TYPES = Set.of(EventType.AUDIT_EVENT.type(), EventType.USER.type());

    private final DetectionSettingsCache settings;
    private final MeterRegistry meters;

    public DetectionTopology(DetectionSettingsCache settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        // in-memory store, logged to a compacted changelog topic: restored from Kafka after a restart or a move
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        builder.stream(Topics.INVENTORY.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(ByTenant::new)
                .repartition(Repartitioned.<String, byte[]>with(Serdes.String(), Serdes.ByteArray())
                        .withName(REPARTITION).withNumberOfPartitions(Topics.INVENTORY.partitions()))
                .process(() -> new DetectionProcessor(settings, meters), STATE_STORE)
                .to(Topics.DETECTIONS.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Keeps audit events and user records, keyed by their tenant; everything else is not the detections' business. */
    static final class ByTenant implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Header type = record.headers().lastHeader(CE_TYPE);
            if (type == null || !TYPES.contains(new String(type.value(), StandardCharsets.UTF_8)) || record.value() == null) {
                return;
            }
            // the tenant from its header, without decoding the data: the processor decodes (and checks) it once
            Header tenant = record.headers().lastHeader(CE_TENANT);
            if (tenant == null || tenant.value() == null || tenant.value().length == 0) {
                // the inventory consumers dead-letter invalid events with the reason; here they are only skipped
                LOG.debug("detections skip an inventory record without a tenant");
                return;
            }
            context.forward(record.withKey(new String(tenant.value(), StandardCharsets.UTF_8)));
        }
    }
}
