package dev.canopy.connector.domain.http;

/** The connection's circuit is open after repeated failures: requests fail fast until it half-opens. */
public class CircuitOpenException extends RuntimeException {
    public CircuitOpenException(String message) {
        super(message);
    }
}
