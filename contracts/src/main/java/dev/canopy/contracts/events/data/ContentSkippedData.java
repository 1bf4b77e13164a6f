package dev.canopy.contracts.events.data;

/** Content that could not be turned into text (too large, unsupported media type, extraction error): never dropped silently. */
public record ContentSkippedData(String siteId, String contentId, String contentType, int version, String mediaType,
        long sizeBytes, String reason) implements EntityData {
    public ContentSkippedData {
        Required.text("siteId", siteId);
        Required.text("contentId", contentId);
        Required.text("reason", reason);
    }

    @Override
    public String entityId() {
        return siteId + ":" + contentId;
    }
}
