package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jira issue. Summary, description and environment prose is generated on demand from (seed, id, version);
 * {@code planted} strings go into the description, {@code plantedInField} into a text custom field (id to values).
 * Any change to the issue or to one of its comments, worklogs or attachments moves {@code updated}, as Jira does.
 */
public final class SimIssue {
    public final long id;
    public final String key;
    public final long projectId;
    public final String reporterId;
    public final Instant createdAt;
    public Instant updatedAt;
    public int version = 1;
    public String summary;
    public final List<String> labels = new ArrayList<>();
    public final List<String> planted = new ArrayList<>();
    public final Map<String, List<String>> plantedInField = new LinkedHashMap<>();
    public final List<SimJiraItem> comments = new ArrayList<>();
    public final List<SimJiraItem> worklogs = new ArrayList<>();
    public final List<SimJiraItem> attachments = new ArrayList<>();

    public SimIssue(long id, String key, long projectId, String reporterId, Instant createdAt, String summary) {
        this.id = id;
        this.key = key;
        this.projectId = projectId;
        this.reporterId = reporterId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.summary = summary;
    }

    /** Records a change at {@code when} (never earlier than the last one, so {@code updated} only grows). */
    public void touch(Instant when) {
        version++;
        updatedAt = when.isAfter(updatedAt) ? when : updatedAt.plusMillis(1);
    }

    public List<SimJiraItem> items(SimJiraItem.Kind kind) {
        return switch (kind) {
            case COMMENT -> comments;
            case WORKLOG -> worklogs;
            case ATTACHMENT -> attachments;
        };
    }
}
