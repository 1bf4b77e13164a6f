package dev.canopy.console.platform;

/**
 * A service answered with an error (its problem+json title and detail) or could not be reached ({@code status} 502).
 * The console shows it with what to do next; it never shows an answer body that is not a problem document.
 */
public class ServiceError extends RuntimeException {
    private final int status;
    private final String service;
    private final String title;
    private final String detail;

    public ServiceError(int status, String service, String title, String detail) {
        super(service + " answered " + status + ": " + title);
        this.status = status;
        this.service = service;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String service() {
        return service;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
