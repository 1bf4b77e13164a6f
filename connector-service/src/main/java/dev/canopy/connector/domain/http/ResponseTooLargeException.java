package dev.canopy.connector.domain.http;

/** An answer exceeded its size cap; reading stopped there and the connection was dropped. */
public class ResponseTooLargeException extends RuntimeException {
    public ResponseTooLargeException(String message) {
        super(message);
    }
}
