package dev.canopy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.SimDetection;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;

/**
 * The simulator's ground truth and the platform's answers as comparable keys. DLP: {@code detector|site:contentId}
 * (one finding per planted value). Posture: {@code riskId|resource id} where the resource id is what the findings API
 * names the entity: {@code organization}, an account id, a token id, or {@code site:id} for site-scoped entities.
 */
final class GroundTruthKeys {
    private GroundTruthKeys() {
    }

    /**
     * Every planted secret and PII value the credentials can reach: Confluence content (current and kept earlier
     * versions, {@code <id>@v<n>}) and Jira work items.
     */
    static List<String> plantedDlp(GroundTruth truth) {
        List<String> keys = new ArrayList<>();
        for (Planted p : truth.secrets()) {
            keys.add(dlpKey(p));
        }
        for (Planted p : truth.pii()) {
            keys.add(dlpKey(p));
        }
        // values someone edited away that the page history still keeps: one finding per kept version
        for (GroundTruth.HistoryPlant h : truth.history()) {
            for (int n : h.versions()) {
                keys.add(h.planted().detector() + "|" + h.planted().site() + ":" + h.planted().apiContentId() + "@v" + n);
            }
        }
        return keys;
    }

    static String dlpKey(Planted p) {
        return p.detector() + "|" + p.site() + ":" + p.apiContentId();
    }

    static List<String> risks(GroundTruth truth) {
        return truth.risks().stream().map(r -> r.riskId() + "|" + (r.site() != null ? r.site() + ":" + r.entityId()
                : "org".equals(r.entityType()) ? "organization" : r.entityId())).toList();
    }

    static Set<String> riskIds(GroundTruth truth) {
        return truth.risks().stream().map(GroundTruth.Risk::riskId).collect(Collectors.toSet());
    }

    /** Open DLP findings as keys. */
    static List<String> dlpFindings(List<JsonNode> findings) {
        return findings.stream().filter(f -> "dlp".equals(f.path("kind").asText()) && open(f))
                .map(f -> f.path("ruleId").asText() + "|" + f.path("resource").path("id").asText()).toList();
    }

    /** Open posture findings of the checks the simulator plants risks for, as keys. */
    static List<String> postureFindings(List<JsonNode> findings, Set<String> riskIds) {
        return findings.stream().filter(f -> "posture".equals(f.path("kind").asText()) && open(f)
                && riskIds.contains(f.path("ruleId").asText()))
                .map(f -> f.path("ruleId").asText() + "|" + f.path("resource").path("id").asText()).toList();
    }

    static boolean open(JsonNode finding) {
        String s = finding.path("status").asText();
        return "open".equals(s) || "reopened".equals(s);
    }

    static List<String> accountIds(SimOrg org) {
        return org.users().stream().map(u -> u.accountId).toList();
    }

    static List<String> apps(SimOrg org) {
        List<String> keys = new ArrayList<>();
        for (SimSite s : org.sites.values()) {
            s.apps.values().forEach(a -> keys.add(s.name + ":" + a.key()));
        }
        return keys;
    }

    /** Threat detections the simulated audit activity must raise: {@code rule|actor account id}. */
    static List<String> detections(GroundTruth truth) {
        return truth.detections().stream().map(d -> d.detectionId() + "|" + d.actorAccountId()).toList();
    }

    /** Detection Findings as created on the findings topic (OCSF 2004, activity Create): {@code rule|actor}. */
    static List<String> detectionRecords(List<OcsfFinding> records) {
        return created(records).stream().map(f -> f.findingInfo().analytic().uid() + "|" + f.actor().user().uid())
                .toList();
    }

    /**
     * Detections whose triggering audit events (OCSF related events) are not all among the events of a ground-truth
     * detection of the same rule and actor: {@code rule|actor: ids}. Empty when every detection names real triggers.
     */
    static List<String> detectionsWithForeignEvents(GroundTruth truth, List<OcsfFinding> records) {
        List<String> out = new ArrayList<>();
        for (OcsfFinding f : created(records)) {
            String rule = f.findingInfo().analytic().uid();
            String actor = f.actor().user().uid();
            Set<String> related = f.findingInfo().relatedEvents().stream().map(OcsfFinding.RelatedEvent::uid)
                    .collect(Collectors.toSet());
            boolean matches = truth.detections().stream().filter(d -> d.detectionId().equals(rule)
                    && d.actorAccountId().equals(actor)).map(SimDetection::eventIds).anyMatch(ids -> ids.containsAll(related));
            if (!matches) {
                out.add(rule + "|" + actor + ": " + related);
            }
        }
        return out;
    }

    private static List<OcsfFinding> created(List<OcsfFinding> records) {
        return records.stream().filter(f -> f.classUid() == OcsfFinding.CLASS_DETECTION_FINDING && f.activityId() == 1)
                .toList();
    }
}
