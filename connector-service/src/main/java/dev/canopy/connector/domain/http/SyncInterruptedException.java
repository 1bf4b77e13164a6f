package dev.canopy.connector.domain.http;

/** The run's thread was interrupted (cancel or shutdown) while waiting on Atlassian. */
public class SyncInterruptedException extends RuntimeException {
    public SyncInterruptedException() {
        super("interrupted");
    }
}
