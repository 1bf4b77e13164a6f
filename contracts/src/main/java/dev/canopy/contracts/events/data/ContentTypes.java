package dev.canopy.contracts.events.data;

import java.util.Set;

/**
 * Content kinds carried in content events: Confluence pages, blog posts, comments and attachments, and Jira issues
 * (summary, description, environment, labels and text custom fields as one text), issue comments, worklog comments and
 * issue attachments. Jira content ids name their kind ({@code issue/10001}, {@code comment/10005}, {@code worklog/…},
 * {@code attachment/…}) because Jira numbers each kind separately.
 */
public final class ContentTypes {
    public static final String PAGE = "page";
    public static final String BLOGPOST = "blogpost";
    public static final String FOOTER_COMMENT = "footer_comment";
    public static final String INLINE_COMMENT = "inline_comment";
    public static final String ATTACHMENT = "attachment";
    public static final String JIRA_ISSUE = "jira_issue";
    public static final String JIRA_COMMENT = "jira_comment";
    public static final String JIRA_WORKLOG = "jira_worklog";
    public static final String JIRA_ATTACHMENT = "jira_attachment";
    public static final Set<String> CONFLUENCE = Set.of(PAGE, BLOGPOST, FOOTER_COMMENT, INLINE_COMMENT, ATTACHMENT);
    public static final Set<String> JIRA = Set.of(JIRA_ISSUE, JIRA_COMMENT, JIRA_WORKLOG, JIRA_ATTACHMENT);
    public static final Set<String> ALL = Set.of(PAGE, BLOGPOST, FOOTER_COMMENT, INLINE_COMMENT, ATTACHMENT, JIRA_ISSUE,
            JIRA_COMMENT, JIRA_WORKLOG, JIRA_ATTACHMENT);

    /** {@code jira} or {@code confluence}. */
    public static String product(String contentType) {
        return JIRA.contains(contentType) ? "jira" : "confluence";
    }

    private ContentTypes() {
    }
}
