package dev.canopy.contracts.events.data;

import java.time.Instant;

/**
 * Text of one content item version: a Confluence page, blogpost, footer_comment, inline_comment or attachment, or a
 * Jira issue, comment, worklog or attachment ({@link ContentTypes}). Bodies are already turned into plain text by the
 * connector. Text longer than one message is split into ordered chunks ({@code chunk} 0..{@code chunks - 1}); each
 * chunk starts at {@code offset} in the whole text and overlaps the previous one by {@code overlap} characters so that
 * a secret crossing a boundary is seen whole.
 * <p>
 * {@code status} {@code historical} marks an earlier version of a page or blog post that its history still keeps
 * ({@code version} is that version's number, {@code authorAccountId}/{@code lastModified} who published it and when);
 * such an event never replaces the current version. Jira items have no version numbers: {@code version} is their
 * {@code updated} time in seconds since 2020-01-01, so a later edit always carries a larger number.
 * {@code projectKey} is the Jira project of Jira content (null for Confluence).
 */
public record ContentData(String siteId, String contentId, String contentType, String spaceId, String parentId,
        String title, int version, String status, String authorAccountId, Instant lastModified, String webUrl,
        String mediaType, int chunk, int chunks, long offset, int overlap, long totalLength, String text,
        String projectKey) implements EntityData {
    /** The status of an earlier version kept in a page's history. */
    public static final String HISTORICAL = "historical";

    /** Confluence content (no Jira project). */
    public ContentData(String siteId, String contentId, String contentType, String spaceId, String parentId,
            String title, int version, String status, String authorAccountId, Instant lastModified, String webUrl,
            String mediaType, int chunk, int chunks, long offset, int overlap, long totalLength, String text) {
        this(siteId, contentId, contentType, spaceId, parentId, title, version, status, authorAccountId, lastModified,
                webUrl, mediaType, chunk, chunks, offset, overlap, totalLength, text, null);
    }

    public boolean historical() {
        return HISTORICAL.equals(status);
    }

    public ContentData {
        Required.text("siteId", siteId);
        Required.text("contentId", contentId);
        Required.oneOf("contentType", contentType, ContentTypes.ALL);
        Required.parts(chunk, chunks);
        if (text == null) {
            throw new IllegalArgumentException("text is required (may be empty)");
        }
    }

    @Override
    public String entityId() {
        return siteId + ":" + contentId;
    }
}
