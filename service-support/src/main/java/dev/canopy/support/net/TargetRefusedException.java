package dev.canopy.support.net;

/** An outbound URL, its host or an address it resolves to is not a permitted target (the message says which rule). */
public class TargetRefusedException extends RuntimeException {
    public TargetRefusedException(String message) {
        super(message);
    }
}
