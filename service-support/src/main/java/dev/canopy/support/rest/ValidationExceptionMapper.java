package dev.canopy.support.rest;

import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.canopy.contracts.rest.Problem;

/** Bean Validation failures become 400 problem+json naming each field (the last path node, e.g. "url"). */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return Problems.response(new Problem("about:blank", "Bad Request", 400, detail,
                Problems.path(uri), errors));
    }

    /** The last named node; an element of a collection is named after it ("ruleIds[]", "items[2]"). */
    private static String fieldName(ConstraintViolation<?> v) {
        String name = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                name = (name == null ? "request" : name) + (node.getIndex() != null ? "[" + node.getIndex() + "]" : "[]");
            } else if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name == null ? "request" : name;
    }
}
