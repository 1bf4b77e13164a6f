package dev.canopy.notifier.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The compact JSON body of a webhook (Standard Webhooks shape: type, timestamp, data). It carries the finding
 * summary and links to the findings API, never evidence; text is cut so the body stays under the size bound.
 */
public final class WebhookPayload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TITLE = 300;

    private WebhookPayload() {
    }

    public static String forFinding(String tenantId, String eventId, FindingSummary f, String findingsApiUrl, int maxBytes) {
        String base = findingsApiUrl.endsWith("/") ? findingsApiUrl.substring(0, findingsApiUrl.length() - 1) : findingsApiUrl;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenantId", tenantId);
        data.put("eventId", eventId);
        data.put("findingId", f.findingId());
        data.put("kind", f.kind());
        data.put("title", cut(f.title(), MAX_TITLE));
        data.put("severity", f.severity());
        data.put("severityId", f.severityId());
        data.put("state", f.state());
        data.put("stateId", f.statusId());
        data.put("ruleId", f.ruleId());
        data.put("activity", f.activity());
        data.put("links", Map.of("finding", base + "/api/v1/findings/" + URLEncoder.encode(f.findingId(), StandardCharsets.UTF_8)));
        String json = envelope(f.eventType(), f.time(), data);
        if (json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            data.put("title", null);
            data.put("truncated", true);
            json = envelope(f.eventType(), f.time(), data);
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new IllegalArgumentException("finding identifiers alone exceed the payload bound of " + maxBytes + " bytes");
        }
        return json;
    }

    /** A synthetic event for the test-send endpoint. */
    public static String test(String tenantId, String subscriptionId, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenantId", tenantId);
        data.put("subscriptionId", subscriptionId);
        data.put("message", "Test event from Canopy: your endpoint receives and can verify signed webhooks.");
        return envelope("webhook.test", now, data);
    }

    private static String envelope(String type, Instant time, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", time.toString());
        body.put("data", data);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
