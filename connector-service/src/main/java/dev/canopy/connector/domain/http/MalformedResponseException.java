package dev.canopy.connector.domain.http;

/** A 2xx response whose body is not the JSON we expect: fails that page, never the service. */
public class MalformedResponseException extends RuntimeException {
    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
