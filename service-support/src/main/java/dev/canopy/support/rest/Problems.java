package dev.canopy.support.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.canopy.contracts.rest.Problem;

/** RFC 7807 responses built the same way by every mapper and filter of this package. */
public final class Problems {
    private Problems() {
    }

    public static Response response(int status, String title, String detail, UriInfo uri) {
        return response(new Problem("about:blank", title, status, detail, path(uri), List.of()));
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Response.ResponseBuilder builder(int status, String title, String detail, UriInfo uri) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, path(uri), List.of()));
    }

    public static String path(UriInfo uri) {
        try {
            return uri == null ? null : uri.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return null; // no request context (e.g. a failure before routing)
        }
    }
}
