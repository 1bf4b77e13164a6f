package dev.canopy.support.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * An unreadable JSON body: 400 problem+json saying where and what was expected, without Java type names. The
 * mismatched-input mapper replaces Quarkus' built-in one (which names the target class).
 */
public final class JsonBodyExceptionMappers {
    private JsonBodyExceptionMappers() {
    }

    /** Same answer for every Jackson exception type a mapper is registered for. */
    abstract static class JsonMapper<E extends JsonProcessingException> implements ExceptionMapper<E> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(E e) {
            return Problems.response(400, "Bad Request", JsonBodyErrors.detail(e), uri);
        }
    }

    @Provider
    @Priority(Priorities.USER - 100)
    public static class Processing extends JsonMapper<JsonProcessingException> {
    }

    @Provider
    @Priority(Priorities.USER - 100)
    public static class Mismatched extends JsonMapper<MismatchedInputException> {
    }
}
