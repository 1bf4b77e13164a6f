package dev.canopy.simulator.model;

/**
 * A string planted in content at a known place: {@code category} is {@code secret} or {@code pii}, {@code detector}
 * the detector id that should find it (e.g. {@code aws-access-key-id}, {@code us-ssn}), {@code value} the exact string.
 */
public record Planted(String category, String detector, String value, String site, long contentId,
        String contentType) {

    /**
     * The content id as the platform names it: Confluence ids as the REST APIs show them ({@code att}-prefixed for
     * attachments; see {@code SimContent.apiId}), Jira items as {@code issue/10001}, {@code comment/10005},
     * {@code worklog/…}, {@code attachment/…}.
     */
    public String apiContentId() {
        if (contentType.startsWith("jira_")) {
            // Jira ids of issues, comments, worklogs and attachments are separate number spaces: the kind is part of the id
            return contentType.substring("jira_".length()) + "/" + contentId;
        }
        return "attachment".equals(contentType) ? "att" + contentId : String.valueOf(contentId);
    }

    public boolean jira() {
        return contentType.startsWith("jira_");
    }
}
