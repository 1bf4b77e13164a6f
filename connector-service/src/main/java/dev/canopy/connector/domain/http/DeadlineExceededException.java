package dev.canopy.connector.domain.http;

/** A call was not started, or not finished, before the caller's overall deadline (verification). */
public class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(String message) {
        super(message);
    }
}
