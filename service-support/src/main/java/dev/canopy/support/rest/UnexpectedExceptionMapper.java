package dev.canopy.support.rest;

import java.util.UUID;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import dev.canopy.contracts.rest.Problem;

/** Anything unexpected: 500 with an error id that is also logged, never the internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Exception e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", errorId, Problems.path(uri));
        return Problems.response(new Problem("about:blank", "Internal Server Error", 500,
                "unexpected error; reference " + errorId, Problems.path(uri), java.util.List.of()));
    }
}
