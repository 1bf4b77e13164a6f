package dev.canopy.contracts.rest.server;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.canopy.contracts.rest.Problem;

/** Framework errors (unknown path, wrong method or media type, unreadable body) as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = e.getMessage();
        if (status.getStatusCode() == 400 && e.getCause() != null && e.getCause().getMessage() != null) {
            detail = "request body could not be read: " + e.getCause().getMessage().lines().findFirst().orElse("");
        }
        return ProblemResponses.of(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                detail, ProblemResponses.path(uri), java.util.List.of()));
    }
}
