package dev.canopy.findings.domain.detect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.domain.Fingerprints;
import dev.canopy.findings.store.DetectionSettingsStore;
import dev.canopy.findings.store.FindingKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Threat detections as findings: each detection the processor raised becomes one Detection Finding (opened once;
 * the same detection arriving again, e.g. replayed after a restart, changes nothing), and the tenants' settings.
 */
@ApplicationScoped
public class Detections {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Pool db;
    private final FindingLifecycle lifecycle;
    private final DetectionSettingsStore settingsStore;
    private final DetectionSettingsCache cache;

    public Detections(Pool db, FindingLifecycle lifecycle, DetectionSettingsStore settingsStore,
            DetectionSettingsCache cache) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.settingsStore = settingsStore;
        this.cache = cache;
    }

    /** Opens the finding of a detection unless it exists already (in any state); true when it was opened now. */
    public Uni<Boolean> record(String tenantId, DetectionData d) {
        FindingDraft draft = draft(tenantId, d);
        return db.withTransaction(s -> lifecycle.openIfNew(s, tenantId, draft, Instant.now()));
    }

    public Uni<DetectionSettings> settings(String tenantId) {
        return db.withConnection(s -> settingsStore.find(s, tenantId)).map(DetectionSettingsCache::fromJson);
    }

    /** Validates and stores the tenant's settings; this replica uses them at once, the others within seconds. */
    public Uni<DetectionSettings> saveSettings(String tenantId, DetectionSettings settings, String actor) {
        DetectionSettings valid = settings.validated();
        Map<String, Object> json = EventJson.mapper().convertValue(valid, MAP);
        return db.withTransaction(s -> settingsStore.save(s, tenantId, json, actor, Instant.now()))
                .invoke(() -> cache.put(tenantId, valid)).replaceWith(valid);
    }

    static FindingDraft draft(String tenantId, DetectionData d) {
        DetectionRule rule = DetectionRule.byId(d.ruleId())
                .orElseThrow(() -> new IllegalArgumentException("unknown detection rule " + d.ruleId()));
        String who = d.actorName() != null ? d.actorName() : d.actorAccountId() != null ? d.actorAccountId() : "unknown actor";
        String resourceType = d.target() != null && d.target().id() != null ? d.target().type() : "atlassian-account";
        String resourceId = d.target() != null && d.target().id() != null ? d.target().id()
                : d.actorAccountId() != null ? d.actorAccountId() : "unknown";
        String resourceName = d.target() != null && d.target().id() != null ? d.target().name() : who;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("detectionId", d.detectionId());
        evidence.put("actorAccountId", d.actorAccountId());
        evidence.put("actorName", d.actorName());
        evidence.put("action", d.action());
        evidence.put("eventIds", d.eventIds());
        evidence.put("eventCount", d.eventCount());
        evidence.put("firstEventAt", d.firstEventAt() == null ? null : d.firstEventAt().toString());
        evidence.put("lastEventAt", d.lastEventAt() == null ? null : d.lastEventAt().toString());
        evidence.put("ipAddress", d.ipAddress());
        evidence.put("location", d.location());
        evidence.put("facts", d.facts());
        evidence.put("guardCategory", rule.guardCategory());
        evidence.values().removeIf(java.util.Objects::isNull);
        String description = rule.rationale() + " " + who + " performed " + d.action()
                + (d.eventCount() > 1 ? " (" + d.eventCount() + " events)" : "")
                + (d.firstEventAt() != null ? " at " + d.firstEventAt() : "") + ".";
        return new FindingDraft(Fingerprints.detection(tenantId, d.detectionId()), FindingKind.DETECTION, rule.id(),
                rule.title() + " by " + who, rule.severity(), resourceType, resourceId, resourceName, description,
                rule.remediation(), evidence, null);
    }
}
