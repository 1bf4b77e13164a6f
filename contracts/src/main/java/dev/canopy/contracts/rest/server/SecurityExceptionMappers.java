package dev.canopy.contracts.rest.server;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.canopy.contracts.rest.Problem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** 401 and 403 as problem+json (the body never says more than the status). */
public final class SecurityExceptionMappers {
    private SecurityExceptionMappers() {
    }

    @Provider
    public static class Unauthorized implements ExceptionMapper<UnauthorizedException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(UnauthorizedException e) {
            return ProblemResponses.of(new Problem("about:blank", "Unauthorized", 401,
                    "a valid bearer token is required", ProblemResponses.path(uri), java.util.List.of()));
        }
    }

    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ForbiddenException e) {
            return ProblemResponses.of(new Problem("about:blank", "Forbidden", 403,
                    "the token's roles do not allow this operation", ProblemResponses.path(uri), java.util.List.of()));
        }
    }
}
