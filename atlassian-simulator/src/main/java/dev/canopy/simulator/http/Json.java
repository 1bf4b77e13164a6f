package dev.canopy.simulator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON responses, corrupting them when the fault injector decided so for this request. */
public final class Json {
    private Json() {
    }

    public static void send(RoutingContext ctx, int status, Object body) {
        String text = body instanceof String s ? s
                : body instanceof io.vertx.core.json.JsonObject o ? o.encode()
                : ((io.vertx.core.json.JsonArray) body).encode();
        FaultDecision fault = ctx.get(FaultDecision.KEY);
        if (fault != null && status == 200 && text.length() > 2) {
            if (fault.truncateJson()) {
                text = text.substring(0, text.length() / 2);
            } else if (fault.malformJson()) {
                text = text.substring(0, text.length() - 1) + ",}";
            }
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end(Buffer.buffer(text));
    }
}
