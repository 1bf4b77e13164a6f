package dev.canopy.contracts.topics;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of the platform, with its partition count and settings. Partitions bound how many consumer
 * instances of one service can share the work, so they are set for growth, not for today's replicas.
 */
public final class Topics {

    /** Inventory entity events (users, groups, apps, settings, sync runs): connector → inventory, findings. */
    public static final TopicSpec INVENTORY = new TopicSpec("canopy.inventory.v1", 12,
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    /** Confluence content text (chunked): connector → findings. */
    public static final TopicSpec CONTENT = new TopicSpec("canopy.content.v1", 12,
            Map.of("max.message.bytes", String.valueOf(TopicSpec.CONTENT_MAX_MESSAGE_BYTES),
                    "retention.ms", String.valueOf(3L * 24 * 3600 * 1000)));

    /** Every finding state change as an OCSF record: findings → SIEM pipelines, notifier. */
    public static final TopicSpec FINDINGS = new TopicSpec("canopy.findings.v1", 12,
            Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

    /**
     * Threat detections over organization audit events, keyed by tenant: the detection processor (Kafka Streams in
     * findings-service) → the findings lifecycle, and anyone who wants raw detections.
     */
    public static final TopicSpec DETECTIONS = new TopicSpec("canopy.detections.v1", 12,
            Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

    /** Operational notices for tenants (e.g. a webhook endpoint was disabled): notifier → anyone interested. */
    public static final TopicSpec NOTICES = new TopicSpec("canopy.notices.v1", 3, Map.of());

    public static final TopicSpec INVENTORY_DLQ = deadLetter("inventory-service");
    public static final TopicSpec FINDINGS_DLQ = deadLetter("findings-service");
    public static final TopicSpec NOTIFIER_DLQ = deadLetter("notifier-service");

    /** Topics a fresh cluster needs; per-tenant findings topics are created on demand. */
    public static final List<TopicSpec> ALL = List.of(INVENTORY, CONTENT, DETECTIONS, FINDINGS, NOTICES, INVENTORY_DLQ,
            FINDINGS_DLQ, NOTIFIER_DLQ);

    private Topics() {
    }

    /** Dead-letter topic of one consuming service: the record as received plus dead-letter-reason headers. */
    public static TopicSpec deadLetter(String service) {
        return new TopicSpec("canopy.dlq." + service, 3,
                Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    }

    /**
     * Optional per-tenant copy of the findings stream, so a tenant's own SIEM can be granted read access to this
     * topic alone with a Kafka ACL.
     */
    public static TopicSpec tenantFindings(String tenantId) {
        if (!tenantId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("tenant id is not usable in a topic name: " + tenantId);
        }
        return new TopicSpec("canopy.findings.tenant." + tenantId + ".v1", 3, FINDINGS.config());
    }
}
