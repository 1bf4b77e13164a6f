package dev.canopy.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

    private static ConsumerRecord<String, byte[]> received(byte[] value) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("canopy.inventory.v1", 7, 42L, "t1/user/u1", value);
        r.headers().add("ce_type", "dev.canopy.user.v1".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheRecordAsReceivedAndSaysWhyAndWhereFrom() {
        byte[] value = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> letter = DeadLetterRecords.of(received(value), "canopy.dlq.inventory-service",
                "not a CloudEvent", Map.of("canopy-dead-letter-kind", "undecodable-record"));
        assertThat(letter.topic()).isEqualTo("canopy.dlq.inventory-service");
        assertThat(letter.key()).isEqualTo("t1/user/u1");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.partition()).isNull();
        assertThat(header(letter, "ce_type")).isEqualTo("dev.canopy.user.v1");
        assertThat(header(letter, "dead-letter-reason")).isEqualTo("not a CloudEvent");
        assertThat(header(letter, "dead-letter-topic")).isEqualTo("canopy.inventory.v1");
        assertThat(header(letter, "dead-letter-partition")).isEqualTo("7");
        assertThat(header(letter, "dead-letter-offset")).isEqualTo("42");
        assertThat(header(letter, "canopy-dead-letter-kind")).isEqualTo("undecodable-record");
    }

    @Test
    void aRecordDeadLetteredTwiceKeepsOneReasonAndATombstoneBecomesEmpty() {
        ConsumerRecord<String, byte[]> again = received(null);
        again.headers().add("dead-letter-reason", "first".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> letter = DeadLetterRecords.of(again, "dlq", "second", Map.of());
        Iterable<Header> reasons = letter.headers().headers("dead-letter-reason");
        assertThat(StreamSupport.stream(reasons.spliterator(), false).count()).isEqualTo(1);
        assertThat(header(letter, "dead-letter-reason")).isEqualTo("second");
        assertThat(letter.value()).isEmpty();
    }
}
