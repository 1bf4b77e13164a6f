package dev.canopy.support.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records as every service writes them to its {@code canopy.dlq.<service>} topic (contracts'
 * {@code Topics.deadLetter}): the record as received (key, value, headers) plus the {@code dead-letter-*} headers
 * the SmallRye dead-letter strategy writes, so a DLQ reader sees one format whoever dead-lettered the record.
 */
public final class DeadLetterRecords {
    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterRecords() {
    }

    /**
     * The received record for {@code dlqTopic}, with why it was refused and where it came from.
     *
     * @param extraHeaders service-specific headers (e.g. the notifier's dead-letter kind), set after the standard ones
     */
    public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> received, String dlqTopic,
            String reason, Map<String, String> extraHeaders) {
        RecordHeaders headers = new RecordHeaders(received.headers().toArray());
        // set, not added: a record dead-lettered again (replayed from the DLQ and refused once more) keeps one reason
        set(headers, REASON, reason);
        set(headers, TOPIC, received.topic());
        set(headers, PARTITION, String.valueOf(received.partition()));
        set(headers, OFFSET, String.valueOf(received.offset()));
        extraHeaders.forEach((name, value) -> set(headers, name, value));
        // a null value would be a tombstone for the key on a compacted topic; the letter keeps an empty value instead
        byte[] value = received.value() == null ? new byte[0] : received.value();
        return new ProducerRecord<>(dlqTopic, null, received.key(), value, headers);
    }

    /** Replaces any header of that name. */
    public static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
