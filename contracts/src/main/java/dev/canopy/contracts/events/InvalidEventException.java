package dev.canopy.contracts.events;

/** An event that cannot be accepted; the message is the reason written to the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
