package dev.canopy.connector.domain.http;

/** Atlassian answered with an error status (after retries where they apply). */
public class AtlassianApiException extends RuntimeException {
    private final int status;

    public AtlassianApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Short reason for connection status and run records: "401 Unauthorized: ..." */
    public static String describe(int status) {
        return switch (status) {
            case 0 -> "unreachable";
            case 401 -> "401 Unauthorized (credential rejected)";
            case 403 -> "403 Forbidden (missing permission)";
            case 404 -> "404 Not Found";
            case 429 -> "429 Too Many Requests";
            case 301, 302, 303, 307, 308 -> status + " redirect not followed";
            default -> String.valueOf(status);
        };
    }
}
