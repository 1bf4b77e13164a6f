package dev.canopy.contracts.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 7807 problem details; {@code errors} names each invalid field or parameter. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }
}
