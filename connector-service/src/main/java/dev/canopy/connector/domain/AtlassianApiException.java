package dev.canopy.connector.domain;

/** Atlassian answered with an error status. */
public class AtlassianApiException extends RuntimeException {
    private final int status;

    public AtlassianApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
