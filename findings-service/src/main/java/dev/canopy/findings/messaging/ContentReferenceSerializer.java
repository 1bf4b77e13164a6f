package dev.canopy.findings.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Value serializer of the content channel's dead-letter records: instead of the original record (Confluence text,
 * secrets included, kept for the DLQ's 30 days — ten times the content topic's 3 days) the DLQ gets a reference to
 * the content: tenant, event id and type, site, content id and type, version, chunk, and the reason. The connector
 * can re-send the content from Confluence; nothing of the text or the title is kept. The original headers (CloudEvents
 * attributes, no content) and the {@code dead-letter-*} headers stay as they are.
 */
public class ContentReferenceSerializer implements Serializer<byte[]> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KEPT = { "siteId", "contentId", "contentType", "spaceId", "projectKey", "status",
            "version", "chunk", "chunks", "offset", "totalLength" };

    @Override
    public byte[] serialize(String topic, byte[] data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, byte[] data) {
        return reference(headers, data);
    }

    /** The reference record of an original content record. */
    static byte[] reference(Headers headers, byte[] data) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("reference", true);
        ref.put("tenantId", header(headers, "ce_tenantid"));
        ref.put("eventId", header(headers, "ce_id"));
        ref.put("eventType", header(headers, "ce_type"));
        if (data != null) {
            try {
                JsonNode original = JSON.readTree(data);
                for (String f : KEPT) {
                    if (original != null && original.hasNonNull(f) && original.get(f).isValueNode()) {
                        ref.set(f, original.get(f));
                    }
                }
            } catch (IOException e) {
                ref.put("undecodable", true);
            }
            ref.put("originalBytes", data.length);
        }
        ref.put("reason", header(headers, "dead-letter-reason"));
        ref.put("originalTopic", header(headers, "dead-letter-topic"));
        ref.put("originalPartition", header(headers, "dead-letter-partition"));
        ref.put("originalOffset", header(headers, "dead-letter-offset"));
        try {
            return JSON.writeValueAsBytes(ref);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
