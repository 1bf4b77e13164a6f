package dev.canopy.contracts.rest.server;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.canopy.contracts.rest.Problem;

final class ProblemResponses {
    private ProblemResponses() {
    }

    static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
