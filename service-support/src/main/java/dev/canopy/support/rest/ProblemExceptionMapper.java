package dev.canopy.support.rest;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.canopy.contracts.rest.ProblemException;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ProblemException e) {
        return Problems.response(e.toProblem(Problems.path(uri)));
    }
}
