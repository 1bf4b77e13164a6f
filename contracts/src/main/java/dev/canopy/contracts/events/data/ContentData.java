package dev.canopy.contracts.events.data;

import java.time.Instant;

/**
 * Text of one Confluence content item version: page, blogpost, footer_comment, inline_comment or attachment.
 * Bodies are already turned into plain text by the connector. Text longer than one message is split into
 * ordered chunks ({@code chunk} 0..{@code chunks - 1}); each chunk starts at {@code offset} in the whole text and
 * overlaps the previous one by {@code overlap} characters so that a secret crossing a boundary is seen whole.
 */
public record ContentData(String siteId, String contentId, String contentType, String spaceId, String parentId,
        String title, int version, String status, String authorAccountId, Instant lastModified, String webUrl,
        String mediaType, int chunk, int chunks, long offset, int overlap, long totalLength, String text)
        implements EntityData {
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
