package dev.canopy.contracts.ocsf;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.canopy.contracts.events.data.EntityData;

/**
 * One finding state change as an OCSF 1.8.0 record: Data Security Finding (class 2006) for DLP matches,
 * Compliance Finding (class 2003) for posture checks, Detection Finding (class 2004) for threat detections on the
 * audit stream (with {@code actor}, {@code evidences} and the triggering audit events in
 * {@code finding_info.related_events}). Field names are OCSF's (snake_case); Canopy-specific facts
 * that OCSF has no attribute for travel in {@code unmapped}. Times are epoch milliseconds, as OCSF's timestamp_t.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OcsfFinding(
        int classUid, String className, int categoryUid, String categoryName,
        int activityId, String activityName, long typeUid, String typeName,
        long time, int severityId, String severity, int statusId, String status,
        Integer confidenceId, String confidence, Integer confidenceScore, String message,
        Metadata metadata, Cloud cloud, FindingInfo findingInfo, List<Osint> osint,
        List<ResourceDetails> resources, Remediation remediation,
        Compliance compliance, DataSecurity dataSecurity,
        Map<String, Object> unmapped, Boolean isAlert, Actor actor, List<Evidence> evidences) implements EntityData {

    public static final int CATEGORY_FINDINGS = 2;
    public static final int CLASS_COMPLIANCE_FINDING = 2003;
    public static final int CLASS_DETECTION_FINDING = 2004;
    public static final int CLASS_DATA_SECURITY_FINDING = 2006;
    public static final String OCSF_VERSION = "1.8.0";

    public OcsfFinding {
        if (findingInfo == null || findingInfo.uid() == null || findingInfo.uid().isBlank()) {
            throw new IllegalArgumentException("finding_info.uid is required");
        }
        if (metadata == null || cloud == null || osint == null) {
            throw new IllegalArgumentException("metadata, cloud and osint are required");
        }
        if (classUid != CLASS_COMPLIANCE_FINDING && classUid != CLASS_DATA_SECURITY_FINDING
                && classUid != CLASS_DETECTION_FINDING) {
            throw new IllegalArgumentException("class_uid must be 2003, 2004 or 2006 but was " + classUid);
        }
        if (typeUid != classUid * 100L + activityId) {
            throw new IllegalArgumentException("type_uid must be class_uid * 100 + activity_id");
        }
    }

    /** A record without the Detection Finding attributes (compliance and data security findings). */
    public OcsfFinding(int classUid, String className, int categoryUid, String categoryName, int activityId,
            String activityName, long typeUid, String typeName, long time, int severityId, String severity,
            int statusId, String status, Integer confidenceId, String confidence, Integer confidenceScore,
            String message, Metadata metadata, Cloud cloud, FindingInfo findingInfo, List<Osint> osint,
            List<ResourceDetails> resources, Remediation remediation, Compliance compliance,
            DataSecurity dataSecurity, Map<String, Object> unmapped) {
        this(classUid, className, categoryUid, categoryName, activityId, activityName, typeUid, typeName, time,
                severityId, severity, statusId, status, confidenceId, confidence, confidenceScore, message, metadata,
                cloud, findingInfo, osint, resources, remediation, compliance, dataSecurity, unmapped, null, null, null);
    }

    @Override
    public String entityId() {
        return findingInfo.uid();
    }

    /** The tenant that owns the finding (metadata.tenant_uid). */
    public String tenantId() {
        return metadata.tenantUid();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String version, Product product, String tenantUid, String uid, String logName,
            List<String> labels) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(String name, String vendorName, String version, String uid) {
    }

    /** provider is "Atlassian"; org carries the Atlassian organization. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cloud(String provider, Organization org, String region) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Organization(String uid, String name) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FindingInfo(String uid, String title, String desc, List<String> types, Analytic analytic,
            Long createdTime, Long firstSeenTime, Long lastSeenTime, Long modifiedTime, String srcUrl,
            List<RelatedEvent> relatedEvents, Integer relatedEventsCount) {
        public FindingInfo(String uid, String title, String desc, List<String> types, Analytic analytic,
                Long createdTime, Long firstSeenTime, Long lastSeenTime, Long modifiedTime, String srcUrl) {
            this(uid, title, desc, types, analytic, createdTime, firstSeenTime, lastSeenTime, modifiedTime, srcUrl,
                    null, null);
        }
    }

    /** An event that triggered a detection: here an Atlassian organization audit event (uid = its event id). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RelatedEvent(String uid, String type, Long createdTime, String desc) {
    }

    /** Who performed the detected activity (OCSF actor with its user). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(User user, String appName) {
    }

    /** An Atlassian account: uid is the account id; type_id 1 User, 99 Other (e.g. an external account). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String uid, String name, Integer typeId, String type, String emailAddr) {
    }

    /** What the detection saw: the actor, the API operation (the audit action key), where from and the facts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String uid, String name, Actor actor, Api api, Endpoint srcEndpoint,
            Map<String, Object> data) {
    }

    /** The operation performed (an audit action key such as {@code api_token_created}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Api(String operation) {
    }

    /** A network endpoint: the address the action came from and its country, when the audit record carries them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(String ip, Location location) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** country: ISO 3166-1 alpha-2 code; desc: the country as the audit record names it. */
    public record Location(String country, String city, String desc) {
    }

    /** The detector or posture check that produced the finding (type_id 1 = Rule). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Analytic(int typeId, String type, String uid, String name, String category) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Osint(int typeId, String type, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourceDetails(String uid, String name, String type, String owner, Map<String, Object> data) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Remediation(String desc, List<String> references) {
    }

    /** Posture check result; status_id 3 = Fail, 1 = Pass. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Compliance(String control, List<String> standards, String status, Integer statusId, String desc) {
    }

    /** DLP match; category_id 1 = Personal (PII), 99 = Other (secrets); pattern_match is masked, never raw. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataSecurity(Integer categoryId, String category, Integer detectionSystemId, String detectionSystem,
            String detectionPattern, String patternMatch, Integer dataLifecycleStateId, String dataLifecycleState) {
    }
}
