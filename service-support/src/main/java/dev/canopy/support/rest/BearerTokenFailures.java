package dev.canopy.support.rest;

import java.util.OptionalLong;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why a bearer token was refused, in words a client can act on (RFC 6750 {@code error_description}), without the
 * verifier's messages (which name claims values, key ids and Java exceptions).
 */
public final class BearerTokenFailures {
    private BearerTokenFailures() {
    }

    public static String describe(Throwable failure, OptionalLong maxAgeSeconds) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidJwtException j) {
                if (j.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || j.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the bearer token's signature is not valid";
                }
                if (j.hasExpired()) {
                    return "the bearer token has expired";
                }
                if (j.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || j.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "the bearer token is not issued for this service (audience)";
                }
                if (j.hasErrorCode(ErrorCodes.ISSUER_INVALID) || j.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "the bearer token is not issued by canopy";
                }
                if (j.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                    return "the bearer token is not valid yet";
                }
            }
            String message = t.getMessage();
            if (message != null && message.contains("token age")) {
                return "the bearer token is older than the maximum token age"
                        + (maxAgeSeconds.isPresent() ? " of " + maxAgeSeconds.getAsLong() + " s" : "")
                        + "; request a new one";
            }
        }
        return "the bearer token is not valid";
    }
}
