package dev.canopy.connector.domain.sync;

/** The run was cancelled over REST (or lost its lease) and stops at the next page boundary. */
public class RunCancelledException extends RuntimeException {
    public RunCancelledException(String message) {
        super(message);
    }
}
