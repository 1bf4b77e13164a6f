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

    public static String finding(String tenantId, String findingId) {
        return entity(tenantId, "finding", findingId);
    }
}
