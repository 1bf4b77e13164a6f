package dev.canopy.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.canopy.testkit.OcsfFindings;


class WebhookPayloadTest {

    @Test
    void carriesTheSummaryAndALinkInCompactJson() throws Exception {
        var summary = FindingSummary.of(OcsfFindings.dlp("acme", "f/1", 5, "New", "aws-access-key"));
        String json = WebhookPayload.forFinding("acme", "ev-1", summary, "https://canopy.example/", 16_384);
        var tree = new ObjectMapper().readTree(json);
        assertThat(json).doesNotContain("\n").doesNotContain(": ");
        assertThat(tree.get("type").asText()).isEqualTo("finding.created");
        assertThat(tree.at("/data/kind").asText()).isEqualTo("dlp");
        assertThat(tree.at("/data/severityId").asInt()).isEqualTo(5);
        assertThat(tree.at("/data/state").asText()).isEqualTo("new");
        assertThat(tree.at("/data/ruleId").asText()).isEqualTo("aws-access-key");
        assertThat(tree.at("/data/links/finding").asText()).isEqualTo("https://canopy.example/api/v1/findings/f%2F1");
        assertThat(json).doesNotContain("AKIA");
    }

    @Test
    void staysWithinTheSizeBound() {
        var f = OcsfFindings.posture("acme", "f-2", 3, "New", "r".repeat(50));
        var summary = new FindingSummary("f-2", "posture", 3, "Medium", 1, "new", "rule", "t".repeat(5000), 1, "Create",
                java.time.Instant.now());
        String json = WebhookPayload.forFinding("acme", "ev-2", summary, "https://canopy.example", 600);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(600);
        assertThat(FindingSummary.of(f).kind()).isEqualTo("posture");
    }
}
