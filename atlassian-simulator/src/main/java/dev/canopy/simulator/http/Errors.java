package dev.canopy.simulator.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error bodies in the shape the admin APIs use: {@code {"errors":[{"status","code","title","detail"}]}}. */
public final class Errors {
    private Errors() {
    }

    public static void admin(RoutingContext ctx, int status, String code, String title, String detail) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(new JsonObject()
                        .put("status", String.valueOf(status)).put("code", code).put("title", title)
                        .put("detail", detail))).encode());
    }
}
