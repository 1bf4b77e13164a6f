package dev.canopy.simulator;

import java.util.concurrent.TimeUnit;

import dev.canopy.simulator.admin.AdminUsersApi;
import dev.canopy.simulator.model.SimState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The simulator: generated state served over HTTP by a Vert.x Web router. */
public final class AtlassianSimulator {
    private final Vertx vertx;
    private final HttpServer server;
    private final SimState state;

    private AtlassianSimulator(Vertx vertx, HttpServer server, SimState state) {
        this.vertx = vertx;
        this.server = server;
        this.state = state;
    }

    public static AtlassianSimulator start(SimulatorConfig config) {
        SimState state = SimState.generate(config);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new AdminUsersApi(state).mount(router);
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(config.port())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new AtlassianSimulator(vertx, server, state);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("simulator did not start on port " + config.port(), e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    public SimState state() {
        return state;
    }

    public void stop() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("simulator did not stop", e);
        }
    }
}
