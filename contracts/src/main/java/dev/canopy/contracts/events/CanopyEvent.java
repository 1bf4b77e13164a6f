package dev.canopy.contracts.events;

import java.time.Instant;

import dev.canopy.contracts.events.data.EntityData;

/**
 * A decoded platform event: the CloudEvents attributes the platform relies on plus typed data.
 * {@code time} is when the source state was observed; consumers use it to ignore older versions of an entity.
 */
public record CanopyEvent<T extends EntityData>(String id, EventType type, String tenantId, String source,
        String subject, Instant time, String connectionId, String syncRunId, T data) {

    public String recordKey() {
        return dev.canopy.contracts.topics.RecordKeys.entity(tenantId, type.entity(), data.entityId());
    }

    @SuppressWarnings("unchecked")
    public <D extends EntityData> D dataAs(Class<D> type) {
        return (D) data;
    }
}
