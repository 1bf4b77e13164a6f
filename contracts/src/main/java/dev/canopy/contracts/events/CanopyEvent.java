package dev.canopy.contracts.events;

import java.time.Instant;

import dev.canopy.contracts.events.data.EntityData;

/**
 * A decoded platform event: the CloudEvents attributes the platform relies on plus typed data.
 * {@code time} is when the source state was observed; consumers use it to ignore older versions of an entity.
 */
public record CanopyEvent<T extends EntityData>(String id, EventType type, String tenantId, String source,
        String subject, Instant time, String connectionId, String syncRunId, T data) {

    /**
     * Deletions and skips share the key of the entity they are about, so they stay in order with its versions. A
     * tenant's audit events share one key ({@link dev.canopy.contracts.topics.RecordKeys#auditStream}): they land on
     * one partition in the order of the organization's audit stream, which the windowed detections rely on.
     */
    public String recordKey() {
        if (type == EventType.AUDIT_EVENT) {
            return dev.canopy.contracts.topics.RecordKeys.auditStream(tenantId);
        }
        return dev.canopy.contracts.topics.RecordKeys.entity(tenantId, keyEntityType(), data.entityId());
    }

    private String keyEntityType() {
        if (data instanceof dev.canopy.contracts.events.data.EntityDeletedData deleted) {
            return deleted.entityType();
        }
        return switch (type) {
            case CONTENT_DELETED, CONTENT_SKIPPED -> EventType.CONTENT.entity();
            default -> type.entity();
        };
    }

    @SuppressWarnings("unchecked")
    public <D extends EntityData> D dataAs(Class<D> type) {
        return (D) data;
    }
}
