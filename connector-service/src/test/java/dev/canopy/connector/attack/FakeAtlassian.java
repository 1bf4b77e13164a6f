package dev.canopy.connector.attack;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A programmable stand-in for one Atlassian host on 127.0.0.1 (random port), recording every request it receives
 * (Host header, path, whether Authorization was sent). Unrouted paths answer 404 with a JSON error.
 */
final class FakeAtlassian implements AutoCloseable {
    record Seen(String method, String host, String path, String authorization) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Consumer<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FakeAtlassian() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static FakeAtlassian start() {
        return new FakeAtlassian();
    }

    int port() {
        return server.actualPort();
    }

    /** http://{name}:{port}, for a {@link TestResolver} name that maps to 127.0.0.1. */
    String url(String name) {
        return "http://" + name + ":" + port();
    }

    /** Answers requests whose path starts with {@code prefix} (longest prefix wins). */
    FakeAtlassian on(String prefix, Consumer<HttpServerRequest> handler) {
        routes.put(prefix, handler);
        return this;
    }

    FakeAtlassian json(String prefix, int status, String body) {
        return on(prefix, r -> r.response().setStatusCode(status).putHeader("content-type", "application/json").end(body));
    }

    List<Seen> seenOn(String pathPrefix) {
        return seen.stream().filter(s -> s.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpServerRequest request) {
        seen.add(new Seen(request.method().name(), request.getHeader("host"), request.path(),
                request.getHeader("authorization")));
        String best = null;
        for (String prefix : routes.keySet()) {
            if (request.path().startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            request.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"message\":\"not found\"}");
            return;
        }
        routes.get(best).accept(request);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
