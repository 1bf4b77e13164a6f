package dev.canopy.notifier.domain;

import java.util.List;
import java.util.stream.Collectors;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Standard Webhooks {@code webhook-signature} values: {@code v1,<base64 HMAC-SHA256 of id.timestamp.payload>},
 * one per active secret, space separated (both the new and the previous secret sign during a rotation).
 */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    public static String sign(List<String> secrets, String webhookId, long timestampSeconds, String payload) {
        return secrets.stream().map(secret -> signOne(secret, webhookId, timestampSeconds, payload))
                .collect(Collectors.joining(" "));
    }

    static String signOne(String secret, String webhookId, long timestampSeconds, String payload) {
        try {
            return new Webhook(secret).sign(webhookId, timestampSeconds, payload);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("webhook signing failed", e);
        }
    }
}
