package dev.canopy.simulator.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error bodies in the shape each Atlassian API family uses. */
public final class Errors {
    private Errors() {
    }

    public static void send(RoutingContext ctx, ApiFamily family, int status, String message) {
        Json.send(ctx, status, body(family, status, message));
    }

    public static JsonObject body(ApiFamily family, int status, String message) {
        return switch (family) {
            // api.atlassian.com gateway answers auth and throttling errors as {code, message}
            case ADMIN -> status == 401 || status == 403 || status == 429
                    ? new JsonObject().put("code", status).put("message", message)
                    : new JsonObject().put("errors", new JsonArray().add(new JsonObject()
                            .put("status", String.valueOf(status)).put("code", code(status)).put("title", title(status))
                            .put("detail", message)));
            case CONFLUENCE_V2, TEAMS -> new JsonObject().put("errors", new JsonArray().add(new JsonObject()
                    .put("status", status).put("code", code(status)).put("title", title(status)).put("detail", message)));
            case CONFLUENCE_V1 -> new JsonObject().put("statusCode", status)
                    .put("data", new JsonObject().put("authorized", status != 401 && status != 403)
                            .put("valid", status != 404).put("errors", new JsonArray()).put("successful", false))
                    .put("message", message);
            case JIRA -> new JsonObject().put("errorMessages", new JsonArray().add(message))
                    .put("errors", new JsonObject());
        };
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST_PARAMETER";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 429 -> "TOO_MANY_REQUESTS";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> "INTERNAL_SERVER_ERROR";
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
        };
    }
}
