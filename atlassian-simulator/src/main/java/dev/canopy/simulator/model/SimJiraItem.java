package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A comment, worklog or attachment of a Jira issue. Text is generated on demand from (seed, id, version) like
 * Confluence bodies; planted strings are always part of it.
 */
public final class SimJiraItem {
    public enum Kind {
        COMMENT("jira_comment"), WORKLOG("jira_worklog"), ATTACHMENT("jira_attachment");

        /** The content type the ground truth names. */
        public final String contentType;

        Kind(String contentType) {
            this.contentType = contentType;
        }
    }

    public final long id;
    public final Kind kind;
    public final long issueId;
    public final String authorId;
    public final Instant createdAt;
    public Instant updatedAt;
    public int version = 1;
    public final List<String> planted = new ArrayList<>();
    // attachments only
    public String filename;
    public String mimeType;
    public String fileId;

    public SimJiraItem(long id, Kind kind, long issueId, String authorId, Instant createdAt) {
        this.id = id;
        this.kind = kind;
        this.issueId = issueId;
        this.authorId = authorId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
