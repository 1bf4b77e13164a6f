package dev.canopy.inventory.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.topics.Topics;

/** Which event types this service keeps, and how. */
public final class InventoryTypes {

    /** Types stored as one entity row each (latest observed state + history). */
    public static final Set<EventType> ENTITIES = EnumSet.of(EventType.SITE, EventType.USER, EventType.GROUP,
            EventType.TEAM, EventType.DOMAIN, EventType.ORG_POLICY, EventType.API_TOKEN, EventType.ORG_API_KEY,
            EventType.INSTALLED_APP, EventType.JIRA_PERMISSION_GRANT, EventType.JIRA_PROJECT, EventType.CONFLUENCE_SPACE,
            EventType.AUDIT_EVENT);

    /** Audit events are events themselves: stored, but no history of their own. */
    public static final Set<String> WITHOUT_HISTORY = Set.of(EventType.AUDIT_EVENT.entity());

    /** Fields whose values never go into history (only their names): personal data and network locations. */
    public static final List<String> SENSITIVE_FIELDS = List.of("email", "displayName", "ipAddress", "location",
            "actorName");

    private static final Map<String, EventType> BY_ENTITY = ENTITIES.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::entity, Function.identity()));

    private InventoryTypes() {
    }

    public static Optional<EventType> entityType(String entityName) {
        return Optional.ofNullable(BY_ENTITY.get(entityName));
    }

    public static Set<String> entityNames() {
        return BY_ENTITY.keySet();
    }

    /** Why an event of this type does not belong on the inventory topic, or empty when it does. */
    public static Optional<String> misplaced(EventType type) {
        return type.topic().equals(Topics.INVENTORY) ? Optional.empty()
                : Optional.of(type.type() + " belongs on " + type.topic().name() + ", not on the inventory topic");
    }
}
