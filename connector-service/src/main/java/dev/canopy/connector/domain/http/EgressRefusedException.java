package dev.canopy.connector.domain.http;

/**
 * The egress policy refused a call (URL, link or redirect hop). Its message is the only thing reported about the
 * target: "refused by egress policy: <reason>" — never a status code or a connection error.
 */
public class EgressRefusedException extends RuntimeException {
    public EgressRefusedException(String message) {
        super(message);
    }
}
