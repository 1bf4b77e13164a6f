package dev.canopy.contracts.rest;

import java.util.List;

/** Thrown anywhere in request handling to answer with a problem+json of the given status. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "Not Found", what + " '" + id + "' does not exist", List.of());
    }

    public static ProblemException badParameter(String parameter, String message) {
        return new ProblemException(400, "Bad Request", "invalid parameter '" + parameter + "': " + message,
                List.of(new Problem.FieldError(parameter, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }
}
