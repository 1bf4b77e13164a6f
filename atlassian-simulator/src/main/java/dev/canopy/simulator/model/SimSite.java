package dev.canopy.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Jira + Confluence site of an organization, served at {@code /site/{name}}. It has two Basic credentials: the site
 * admin and a plain user (403 on admin-only endpoints).
 */
public final class SimSite {
    public final String name;
    public final String cloudId;
    public final SimOrg org;
    public final String adminEmail;
    public final String adminToken;
    public final String userEmail;
    public final String userToken;
    public final Map<Long, SimSpace> spaces = new LinkedHashMap<>();
    /** All content by id; ids grow with creation, so iteration order is creation order. */
    public final TreeMap<Long, SimContent> content = new TreeMap<>();
    public final Map<String, SimApp> apps = new LinkedHashMap<>();
    public final List<SimPermissionScheme> permissionSchemes = new ArrayList<>();
    /** Jira projects, issues by id (creation order) and their comments/worklogs/attachments by id. */
    public final Map<Long, SimProject> projects = new LinkedHashMap<>();
    public final TreeMap<Long, SimIssue> issues = new TreeMap<>();
    public final Map<String, SimIssue> issuesByKey = new java.util.HashMap<>();
    public final Map<Long, SimJiraItem> jiraItems = new java.util.HashMap<>();
    /** Jira ids (issues, comments, worklogs, attachments) come from one counter, so none collide in the ground truth. */
    public long nextJiraId = 10_000;
    /**
     * The products licensed on the site ({@code jira}, {@code confluence}). A product's APIs answer 404 on a site
     * without it, like a Confluence-only or Jira-only Cloud site (issue 13 item 5).
     */
    public final java.util.Set<String> products = new java.util.TreeSet<>(java.util.List.of("confluence", "jira"));
    /**
     * Whether the experimental (EAP) v2 space-role endpoints ({@code /space-roles}, {@code /spaces/{id}/role-assignments})
     * answer on this site; off, they answer 404 and a client falls back.
     */
    public volatile boolean spaceRolesAvailable = true;
    /** Whether the v1 {@code /space?expand=permissions} listing still answers (it is gone from the current v1 description). */
    public volatile boolean v1SpacePermissionsAvailable = true;
    public long nextContentId;
    /** Bumped on every change, so cached sorted views know when to rebuild. */
    public long modCount;

    public SimSite(String name, String cloudId, SimOrg org, String adminEmail, String adminToken, String userEmail,
            String userToken, long firstContentId) {
        this.name = name;
        this.cloudId = cloudId;
        this.org = org;
        this.adminEmail = adminEmail;
        this.adminToken = adminToken;
        this.userEmail = userEmail;
        this.userToken = userToken;
        this.nextContentId = firstContentId;
    }

    public long newContentId() {
        return nextContentId++;
    }

    public SimIssue issue(String idOrKey) {
        try {
            return issues.get(Long.parseLong(idOrKey));
        } catch (NumberFormatException e) {
            return issuesByKey.get(idOrKey);
        }
    }

    /** The issue if it exists and the connector's credentials may browse its project (else Jira answers 404). */
    public SimIssue visibleIssue(String idOrKey) {
        SimIssue i = idOrKey == null ? null : issue(idOrKey);
        return i == null || !projects.get(i.projectId).browsable ? null : i;
    }

    public void add(SimIssue i) {
        issues.put(i.id, i);
        issuesByKey.put(i.key, i);
        modCount++;
    }

    public void add(SimContent c) {
        content.put(c.id, c);
        modCount++;
    }
}
