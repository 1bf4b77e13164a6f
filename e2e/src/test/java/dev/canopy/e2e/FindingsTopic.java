package dev.canopy.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.InvalidEventException;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.contracts.topics.Topics;

/** Reads the whole findings topic and checks every record: a decodable CloudEvent whose OCSF data its schema accepts. */
final class FindingsTopic {
    record Checked(List<OcsfFinding> valid, List<String> problems) {
    }

    private FindingsTopic() {
    }

    static Checked readAll(String bootstrap, String tenant) {
        JsonSchema schema = schema(EventType.FINDING);
        List<OcsfFinding> valid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records(bootstrap, Topics.FINDINGS.name())) {
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            try {
                CanopyEvent<?> event = EventCodec.decode(r.headers(), r.value());
                if (!tenant.equals(event.tenantId())) {
                    continue;
                }
                if (event.type() != EventType.FINDING) {
                    problems.add(where + ": type " + event.type());
                    continue;
                }
                JsonNode json = EventJson.mapper().readTree(r.value());
                Set<ValidationMessage> errors = schema.validate(json);
                OcsfFinding f = (OcsfFinding) event.data();
                if (!errors.isEmpty()) {
                    problems.add(where + ": schema: " + errors);
                } else if (!OcsfFinding.OCSF_VERSION.equals(f.metadata().version())) {
                    problems.add(where + ": OCSF version " + f.metadata().version());
                } else if (f.classUid() != OcsfFinding.CLASS_COMPLIANCE_FINDING
                        && f.classUid() != OcsfFinding.CLASS_DATA_SECURITY_FINDING
                        && f.classUid() != OcsfFinding.CLASS_DETECTION_FINDING) {
                    problems.add(where + ": class_uid " + f.classUid());
                } else if (f.typeUid() != f.classUid() * 100L + f.activityId()) {
                    problems.add(where + ": type_uid " + f.typeUid() + " is not class_uid*100+activity_id");
                } else {
                    valid.add(f);
                }
            } catch (InvalidEventException | IOException | ClassCastException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return new Checked(valid, problems);
    }

    static List<ConsumerRecord<String, byte[]>> records(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }

    private static JsonSchema schema(EventType type) {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("schema " + type.schemaResource() + " not on the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
