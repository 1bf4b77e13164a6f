package dev.canopy.findings.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attack: anyone who can read the findings dead-letter topic (operators, a misconfigured ACL) read raw Confluence
 * text, secrets included, for the DLQ's 30 days — ten times the content topic's retention. The DLQ must hold a
 * reference to the content, not the content.
 */
@QuarkusTest
class DlqContentLeakAttackTest {
    private static final String SECRET = "ghp_" + "q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8";
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Test
    void aDeadLetteredChunkHoldsAReferenceNotTheText() throws Exception {
        String tenant = TestEvents.uniqueTenant("dlq-leak");
        String text = "confidential runbook: token " + SECRET + " for the payroll export";
        // chunk 1 of 2 without chunk 0: dead-lettered
        events.send(tenant, Instant.now(), new ContentData("site-1", "p-dlq", "page", "space-1", null,
                "Payroll runbook", 4, "current", "author-1", Instant.now(), "https://acme.example/wiki/p-dlq",
                "text/plain", 1, 2, 1000, 0, 1000 + text.length(), text));
        List<ConsumerRecord<String, byte[]>> dead = events.awaitRecords(Topics.FINDINGS_DLQ.name(),
                r -> tenant.equals(TestEvents.header(r, "ce_tenantid")), 1, Duration.ofSeconds(45));
        ConsumerRecord<String, byte[]> r = dead.get(0);
        String value = new String(r.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain(SECRET).doesNotContain("confidential runbook").doesNotContain("payroll");
        JsonNode ref = EventJson.mapper().readTree(r.value());
        assertThat(ref.path("tenantId").asText()).isEqualTo(tenant);
        assertThat(ref.path("contentId").asText()).isEqualTo("p-dlq");
        assertThat(ref.path("siteId").asText()).isEqualTo("site-1");
        assertThat(ref.path("version").asInt()).isEqualTo(4);
        assertThat(ref.path("chunk").asInt()).isEqualTo(1);
        assertThat(ref.path("eventId").asText()).isEqualTo(TestEvents.header(r, "ce_id")).isNotBlank();
        assertThat(ref.path("reason").asText()).contains("without its earlier chunks");
        assertThat(TestEvents.header(r, "dead-letter-reason")).contains("without its earlier chunks");
        for (var h : r.headers()) {
            assertThat(new String(h.value(), StandardCharsets.UTF_8)).as(h.key()).doesNotContain(SECRET);
        }
    }
}
