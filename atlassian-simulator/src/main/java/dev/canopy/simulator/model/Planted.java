package dev.canopy.simulator.model;

/**
 * A string planted in content at a known place: {@code category} is {@code secret} or {@code pii}, {@code detector}
 * the detector id that should find it (e.g. {@code aws-access-key-id}, {@code us-ssn}), {@code value} the exact string.
 */
public record Planted(String category, String detector, String value, String site, long contentId,
        String contentType) {

    /** The content id as the REST APIs show it ({@code att}-prefixed for attachments; see {@code SimContent.apiId}). */
    public String apiContentId() {
        return "attachment".equals(contentType) ? "att" + contentId : String.valueOf(contentId);
    }
}
