package dev.canopy.support.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Framework errors (unknown path, wrong method or media type, unreadable body or parameter) as problem+json. The
 * detail is chosen here from the status, never copied from the exception: framework messages name Java types
 * ("For input string", "Cannot deserialize value of type `java.lang.Integer`...").
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        JsonProcessingException json = jsonCause(e);
        String detail = json != null ? JsonBodyErrors.detail(json) : detail(status);
        Response.StatusType info = original.getStatusInfo();
        Response.ResponseBuilder b = Problems.builder(status, info.getReasonPhrase(), detail, uri);
        // keep what the framework told the client to do next (Allow on 405, Retry-After on 503)
        for (String header : new String[] { "Allow", "Retry-After", "WWW-Authenticate" }) {
            Object v = original.getHeaders().getFirst(header);
            if (v != null) {
                b.header(header, v);
            }
        }
        return b.build();
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request could not be read: check the body's JSON and the types of path and query parameters";
            case 401 -> "a valid bearer token is required";
            case 403 -> "the token's roles do not allow this operation";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "no acceptable representation (use application/json)";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported media type (send application/json)";
            default -> status >= 500 ? "the service could not handle the request" : "the request was refused";
        };
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return j;
            }
        }
        return null;
    }
}
