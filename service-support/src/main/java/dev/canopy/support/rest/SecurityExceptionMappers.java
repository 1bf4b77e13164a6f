package dev.canopy.support.rest;

import java.util.Optional;
import java.util.OptionalLong;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * 401 and 403 as problem+json. A request without a valid token (none, forged, expired, for another service, too old)
 * also draws from its caller address' unauthenticated bucket, and gets 429 once that is empty.
 *
 * <p>Mapping {@link AuthenticationFailedException} here is what makes Quarkus REST route proactive authentication
 * failures (an invalid token) through exception mappers instead of answering an empty 401.
 */
public final class SecurityExceptionMappers {
    private SecurityExceptionMappers() {
    }

    /** A 401, or a 429 once the caller's address used up its unauthenticated bucket. */
    abstract static class UnauthenticatedMapper<E extends Throwable> implements ExceptionMapper<E> {
        @Context
        UriInfo uri;

        @Context
        HttpServerRequest request;

        @Inject
        RateLimiter limiter;

        Response unauthorized(String detail, String challenge) {
            RateLimiter.Decision d = limiter.anonymous(ClientAddress.of(request));
            if (!d.allowed()) {
                return RateLimiter.tooManyRequests(d, uri);
            }
            return Problems.builder(401, "Unauthorized", detail, uri).header("WWW-Authenticate", challenge).build();
        }
    }

    @Provider
    @Priority(Priorities.AUTHENTICATION)
    public static class AuthenticationFailed extends UnauthenticatedMapper<AuthenticationFailedException> {
        @ConfigProperty(name = "mp.jwt.verify.token.age")
        Optional<Long> maxAge;

        @Override
        public Response toResponse(AuthenticationFailedException e) {
            String detail = BearerTokenFailures.describe(e,
                    maxAge.map(OptionalLong::of).orElse(OptionalLong.empty()));
            return unauthorized(detail,
                    "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
        }
    }

    @Provider
    public static class Unauthorized extends UnauthenticatedMapper<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException e) {
            return unauthorized("a valid bearer token is required", "Bearer");
        }
    }

    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ForbiddenException e) {
            return Problems.response(403, "Forbidden", "the token's roles do not allow this operation", uri);
        }
    }
}
