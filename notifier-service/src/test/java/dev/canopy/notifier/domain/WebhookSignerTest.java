package dev.canopy.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import dev.canopy.notifier.Signatures;

class WebhookSignerTest {

    @Test
    void signatureMatchesTheSpecsTestVector() throws Exception {
        String dir = System.getProperty("canopy.shared.dir");
        assumeTrue(dir != null, "canopy.shared.dir is not set: the Standard Webhooks test vector is not available");
        Path file = Path.of(dir, "reference", "standard-webhooks", "test-vector.json");
        assumeTrue(Files.exists(file), "no test vector at " + file);
        JsonNode v = new ObjectMapper().readTree(file.toFile());

        String signature = WebhookSigner.sign(List.of(v.get("secret").asText()), v.get("webhook-id").asText(),
                v.get("webhook-timestamp").asLong(), v.get("payload").asText());

        assertThat(signature).isEqualTo(v.get("expected_webhook-signature").asText());
        assertThat(independentSignature(v.get("secret").asText(), v.get("signed_content").asText()))
                .isEqualTo(v.get("expected_webhook-signature").asText());
    }

    @Test
    void generatedSecretsFollowTheWhsecFormatAndVerifyIndependently() {
        String secret = SigningSecret.generate();
        assertThat(secret).startsWith("whsec_");
        assertThat(SigningSecret.keyBytes(secret)).hasSize(32);
        assertThat(SigningSecret.generate()).isNotEqualTo(secret);

        String payload = "{\"type\":\"finding.created\",\"data\":{\"findingId\":\"f-1\"}}";
        String signature = WebhookSigner.sign(List.of(secret), "msg_abc", 1_700_000_000L, payload);
        assertThat(signature).isEqualTo(independentSignature(secret, "msg_abc.1700000000." + payload));
    }

    @Test
    void duringRotationBothSecretsSignAndEitherVerifies() throws Exception {
        String current = SigningSecret.generate();
        String previous = SigningSecret.generate();
        long now = System.currentTimeMillis() / 1000;
        String payload = "{\"a\":1}";
        String header = WebhookSigner.sign(List.of(current, previous), "msg_rot", now, payload);

        assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_rot"),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(header));
        new Webhook(current).verify(payload, headers);
        new Webhook(previous).verify(payload, headers);
    }

    static String independentSignature(String secret, String signedContent) {
        return Signatures.v1(secret, signedContent);
    }
}
