package dev.canopy.notifier.domain;

/** An endpoint URL or the address it resolves to is not a permitted webhook target. */
public class TargetRefusedException extends RuntimeException {
    public TargetRefusedException(String message) {
        super(message);
    }
}
