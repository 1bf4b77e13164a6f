package dev.canopy.contracts.topics;

/**
 * Kafka record keys. Every record about one entity carries the same key, so all its versions land on one
 * partition and keep their order; tenants spread over partitions.
 */
public final class RecordKeys {
    private RecordKeys() {
    }

    public static String entity(String tenantId, String entityType, String entityId) {
        return tenantId + "/" + entityType + "/" + entityId;
    }

    /**
     * The one key of all audit events of a tenant: an audit event never changes, but the detections need a tenant's
     * events in the stream's (time) order, which only one partition keeps. Audit volume per tenant is small.
     */
    public static String auditStream(String tenantId) {
        return tenantId + "/audit-event/stream";
    }

    public static String finding(String tenantId, String findingId) {
        return entity(tenantId, "finding", findingId);
    }
}
