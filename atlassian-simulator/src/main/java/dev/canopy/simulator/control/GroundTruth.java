package dev.canopy.simulator.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimApiToken;
import dev.canopy.simulator.model.SimApp;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimDetection;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPermissionGrant;
import dev.canopy.simulator.model.SimPermissionScheme;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import dev.canopy.simulator.model.SimUser;
import dev.canopy.simulator.model.SimVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a correct scanner must find in one organization: planted secrets and personal data (exact strings and where),
 * risky settings by stable risk id, and entity counts. Computed from the current state, so control-API changes show.
 */
public record GroundTruth(String orgId, List<Planted> secrets, List<Planted> pii, List<HistoryPlant> history,
        List<Risk> risks, Map<String, Integer> counts, List<SimDetection> detections) {

    /**
     * A planted string no longer in the current version of its page or blog post but still in earlier versions the
     * page history keeps ({@code versions}, ascending): exposed, one click away.
     */
    public record HistoryPlant(Planted planted, List<Integer> versions) {
    }

    /** A planted risky setting; {@code entityId} is the org, space, token, user, app key or scheme grant. */
    public record Risk(String riskId, String entityType, String entityId, String site, String detail) {
    }

    static final Duration STALE = Duration.ofDays(90);

    public static GroundTruth of(SimOrg org, Instant now) {
        List<Planted> secrets = new ArrayList<>();
        List<Planted> pii = new ArrayList<>();
        List<HistoryPlant> history = new ArrayList<>();
        for (Planted p : org.planted) {
            SimSite site = org.sites.get(p.site());
            if (p.jira()) {
                if (site != null && visibleInJira(site, p)) {
                    ("pii".equals(p.category()) ? pii : secrets).add(p);
                }
                continue;
            }
            SimContent c = site == null ? null : site.content.get(p.contentId());
            if (c != null && c.planted.contains(p.value())) {
                ("pii".equals(p.category()) ? pii : secrets).add(p);
            } else if (c != null) {
                List<Integer> versions = c.history.stream().filter(v -> v.planted().contains(p.value()))
                        .map(SimVersion::number).toList();
                if (!versions.isEmpty()) {
                    history.add(new HistoryPlant(p, versions));
                }
            }
        }
        List<Risk> risks = new ArrayList<>();
        boolean allowlist = org.policies.values().stream().anyMatch(p -> p.type.equals("ip-allowlist") && p.status.equals("enabled"));
        if (!allowlist) {
            risks.add(new Risk("ip-allowlist-missing", "org", org.id, null, "no enabled ip-allowlist policy"));
        }
        Instant staleBefore = now.minus(STALE);
        for (SimUser u : org.users.values()) {
            if (u.active() && u.managed() && "atlassian".equals(u.accountType) && (u.lastActive == null || u.lastActive.isBefore(staleBefore))) {
                risks.add(new Risk("user-dormant", "user", u.accountId, null, "last active " + u.lastActive));
            }
            if (u.active() && u.isOrgAdmin() && !u.mfaEnabled) {
                risks.add(new Risk("admin-without-mfa", "user", u.accountId, null, "org admin without two-step verification"));
            }
        }
        for (SimApiToken t : org.apiTokens) {
            boolean stale = t.lastActiveAt() == null ? t.createdAt().isBefore(staleBefore) : t.lastActiveAt().isBefore(staleBefore);
            if (stale && "ALLOWED".equals(t.status())) {
                risks.add(new Risk("api-token-stale", "api-token", t.id(), null, "owner " + t.ownerId() + ", last active " + t.lastActiveAt()));
            }
        }
        for (SimSite site : org.sites.values()) {
            for (SimSpace s : site.spaces.values()) {
                if (s.anonymousRead) {
                    risks.add(new Risk("space-anonymous-access", "space", String.valueOf(s.id), site.name, "space " + s.key));
                }
                if (s.unlicensedRead) {
                    risks.add(new Risk("space-unlicensed-access", "space", String.valueOf(s.id), site.name, "space " + s.key));
                }
            }
            // no "app-user-installed-broad-scopes" risk: the plugin manager listing of real Cloud carries no scopes,
            // so no scanner reading Atlassian's APIs can find one (README known limitations)
            for (SimPermissionScheme s : site.permissionSchemes) {
                for (SimPermissionGrant g : s.grants) {
                    if ("anyone".equals(g.holderType())) {
                        risks.add(new Risk("jira-anyone-grant", "permission-grant", s.id + ":" + g.id(), site.name, g.permission()));
                    }
                }
            }
        }
        // detections recorded when risky audit activity was generated or triggered (benign noise records none)
        return new GroundTruth(org.id, secrets, pii, history, risks, counts(org), List.copyOf(org.detections));
    }

    /**
     * A Jira plant counts while its issue/comment/worklog/attachment still holds the value and the connector's
     * credentials can browse the project (a hidden project's secrets are out of reach of any scanner using them).
     */
    private static boolean visibleInJira(SimSite site, Planted p) {
        List<String> planted;
        long issueId;
        if (p.contentType().equals("jira_issue")) {
            SimIssue i = site.issues.get(p.contentId());
            if (i == null) {
                return false;
            }
            planted = new ArrayList<>(i.planted);
            i.plantedInField.values().forEach(planted::addAll);
            issueId = i.id;
        } else {
            SimJiraItem x = site.jiraItems.get(p.contentId());
            if (x == null) {
                return false;
            }
            planted = x.planted;
            issueId = x.issueId;
        }
        return planted.contains(p.value()) && site.visibleIssue(String.valueOf(issueId)) != null;
    }

    private static Map<String, Integer> counts(SimOrg org) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("users", org.users.size());
        m.put("groups", org.groups.size());
        m.put("memberships", org.groups.values().stream().mapToInt((SimGroup g) -> g.members.size()).sum());
        m.put("teams", org.teams.size());
        m.put("policies", org.policies.size());
        m.put("tokens", org.apiTokens.size());
        m.put("apiKeys", org.apiKeys.size());
        m.put("domains", org.domains.size());
        m.put("sites", org.sites.size());
        int apps = 0;
        int spaces = 0;
        int[] byKind = new int[ContentKind.values().length];
        for (SimSite s : org.sites.values()) {
            apps += s.apps.size();
            spaces += s.spaces.size();
            for (SimContent c : s.content.values()) {
                byKind[c.kind.ordinal()]++;
            }
        }
        m.put("apps", apps);
        m.put("spaces", spaces);
        m.put("pages", byKind[ContentKind.PAGE.ordinal()]);
        m.put("blogposts", byKind[ContentKind.BLOGPOST.ordinal()]);
        m.put("comments", byKind[ContentKind.FOOTER_COMMENT.ordinal()] + byKind[ContentKind.INLINE_COMMENT.ordinal()]);
        m.put("footerComments", byKind[ContentKind.FOOTER_COMMENT.ordinal()]);
        m.put("inlineComments", byKind[ContentKind.INLINE_COMMENT.ordinal()]);
        m.put("attachments", byKind[ContentKind.ATTACHMENT.ordinal()]);
        // Jira, as the connector's credentials see it (projects they cannot browse left out)
        int projects = 0;
        int issues = 0;
        int[] jira = new int[SimJiraItem.Kind.values().length];
        for (SimSite s : org.sites.values()) {
            projects += (int) s.projects.values().stream().filter(p -> p.browsable).count();
            for (SimIssue i : s.issues.values()) {
                if (s.projects.get(i.projectId).browsable) {
                    issues++;
                    for (SimJiraItem.Kind k : SimJiraItem.Kind.values()) {
                        jira[k.ordinal()] += i.items(k).size();
                    }
                }
            }
        }
        m.put("jiraProjects", projects);
        m.put("jiraIssues", issues);
        m.put("jiraComments", jira[SimJiraItem.Kind.COMMENT.ordinal()]);
        m.put("jiraWorklogs", jira[SimJiraItem.Kind.WORKLOG.ordinal()]);
        m.put("jiraAttachments", jira[SimJiraItem.Kind.ATTACHMENT.ordinal()]);
        return m;
    }

    public List<Risk> risks(String riskId) {
        return risks.stream().filter(r -> r.riskId().equals(riskId)).toList();
    }

    public List<SimDetection> detections(String detectionId) {
        return detections.stream().filter(d -> d.detectionId().equals(detectionId)).toList();
    }

    public JsonObject toJson() {
        JsonArray s = new JsonArray();
        secrets.forEach(p -> s.add(JsonObject.mapFrom(p).put("apiContentId", p.apiContentId())));
        JsonArray p = new JsonArray();
        pii.forEach(x -> p.add(JsonObject.mapFrom(x).put("apiContentId", x.apiContentId())));
        JsonArray h = new JsonArray();
        history.forEach(x -> h.add(JsonObject.mapFrom(x.planted()).put("apiContentId", x.planted().apiContentId())
                .put("versions", new JsonArray(x.versions()))));
        JsonArray r = new JsonArray();
        risks.forEach(x -> r.add(JsonObject.mapFrom(x)));
        JsonArray d = new JsonArray();
        detections.forEach(x -> d.add(JsonObject.mapFrom(x)));
        return new JsonObject().put("orgId", orgId).put("secrets", s).put("pii", p).put("history", h).put("risks", r)
                .put("counts", new JsonObject(new LinkedHashMap<>(counts))).put("detections", d);
    }
}
