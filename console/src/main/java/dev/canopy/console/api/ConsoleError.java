package dev.canopy.console.api;

/** A page-level refusal with a status, a title and what to do about it (rendered by {@link ErrorPages}). */
public class ConsoleError extends RuntimeException {
    private final int status;
    private final String title;
    private final String detail;

    public ConsoleError(int status, String title, String detail) {
        super(title);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
