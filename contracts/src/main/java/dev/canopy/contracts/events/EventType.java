package dev.canopy.contracts.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentDeletedData;
import dev.canopy.contracts.events.data.ContentSkippedData;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.GroupData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.JiraProjectData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.SiteData;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.SyncRunStartedData;
import dev.canopy.contracts.events.data.TeamData;
import dev.canopy.contracts.events.data.TeamMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.events.data.WebhookEndpointDisabledData;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.contracts.topics.TopicSpec;
import dev.canopy.contracts.topics.Topics;

/**
 * Every event type of the platform: its entity name, data version, Java data type, JSON schema and topic.
 * The CloudEvents {@code type} is {@code dev.canopy.<entity>.v<version>}; a breaking change to a data type gets a
 * new version (and a new constant) while the old one stays readable.
 */
public enum EventType {
    SITE("site", 1, SiteData.class, Topics.INVENTORY),
    USER("user", 1, UserData.class, Topics.INVENTORY),
    GROUP("group", 1, GroupData.class, Topics.INVENTORY),
    GROUP_MEMBERSHIP("group-membership", 1, GroupMembershipData.class, Topics.INVENTORY),
    TEAM("team", 1, TeamData.class, Topics.INVENTORY),
    TEAM_MEMBERSHIP("team-membership", 1, TeamMembershipData.class, Topics.INVENTORY),
    DOMAIN("domain", 1, DomainData.class, Topics.INVENTORY),
    ORG_POLICY("org-policy", 1, OrgPolicyData.class, Topics.INVENTORY),
    API_TOKEN("api-token", 1, ApiTokenData.class, Topics.INVENTORY),
    ORG_API_KEY("org-api-key", 1, OrgApiKeyData.class, Topics.INVENTORY),
    INSTALLED_APP("installed-app", 1, InstalledAppData.class, Topics.INVENTORY),
    JIRA_PERMISSION_GRANT("jira-permission-grant", 1, JiraPermissionGrantData.class, Topics.INVENTORY),
    CONFLUENCE_SPACE("confluence-space", 1, ConfluenceSpaceData.class, Topics.INVENTORY),
    JIRA_PROJECT("jira-project", 1, JiraProjectData.class, Topics.INVENTORY),
    AUDIT_EVENT("audit-event", 1, AuditEventData.class, Topics.INVENTORY),
    ENTITY_DELETED("entity-deleted", 1, EntityDeletedData.class, Topics.INVENTORY),
    SYNC_RUN_STARTED("sync-run-started", 1, SyncRunStartedData.class, Topics.INVENTORY),
    SYNC_RUN_COMPLETED("sync-run-completed", 1, SyncRunCompletedData.class, Topics.INVENTORY),
    CONTENT("content", 1, ContentData.class, Topics.CONTENT),
    CONTENT_DELETED("content-deleted", 1, ContentDeletedData.class, Topics.CONTENT),
    CONTENT_SKIPPED("content-skipped", 1, ContentSkippedData.class, Topics.CONTENT),
    /** A threat detection over audit events: detection processor → findings lifecycle. */
    DETECTION("detection", 1, DetectionData.class, Topics.DETECTIONS),
    /** A finding state change; data is an OCSF 1.8.0 record. */
    FINDING("finding", 1, OcsfFinding.class, Topics.FINDINGS),
    /** The notifier disabled a tenant's webhook subscription (410 Gone or failing too long). */
    WEBHOOK_ENDPOINT_DISABLED("webhook-endpoint-disabled", 1, WebhookEndpointDisabledData.class, Topics.NOTICES);

    public static final String TYPE_PREFIX = "dev.canopy.";

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String entity;
    private final int version;
    private final Class<? extends EntityData> dataClass;
    private final TopicSpec topic;

    EventType(String entity, int version, Class<? extends EntityData> dataClass, TopicSpec topic) {
        this.entity = entity;
        this.version = version;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    /** CloudEvents {@code type} attribute. */
    public String type() {
        return TYPE_PREFIX + entity + ".v" + version;
    }

    public String entity() {
        return entity;
    }

    public int version() {
        return version;
    }

    public Class<? extends EntityData> dataClass() {
        return dataClass;
    }

    public TopicSpec topic() {
        return topic;
    }

    /** Classpath location of the JSON schema of this type's data. */
    public String schemaResource() {
        return "schemas/" + entity + ".v" + version + ".schema.json";
    }

    /** CloudEvents {@code dataschema} attribute. */
    public String schemaUri() {
        return "urn:canopy:schema:" + entity + ":v" + version;
    }

    public static EventType ofType(String type) {
        EventType t = BY_TYPE.get(type);
        if (t == null) {
            throw new InvalidEventException("unknown event type '" + type + "'");
        }
        return t;
    }

    public static EventType of(Class<? extends EntityData> dataClass) {
        for (EventType t : values()) {
            if (t.dataClass == dataClass) {
                return t;
            }
        }
        throw new IllegalArgumentException("no event type for " + dataClass.getName());
    }
}
