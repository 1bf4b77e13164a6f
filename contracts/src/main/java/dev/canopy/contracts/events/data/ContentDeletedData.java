package dev.canopy.contracts.events.data;

/** A content item was trashed, deleted or purged (or disappeared in a full-sync sweep). */
public record ContentDeletedData(String siteId, String contentId, String contentType, String reason)
        implements EntityData {
    public ContentDeletedData {
        Required.text("siteId", siteId);
        Required.text("contentId", contentId);
        Required.text("reason", reason);
    }

    @Override
    public String entityId() {
        return siteId + ":" + contentId;
    }
}
