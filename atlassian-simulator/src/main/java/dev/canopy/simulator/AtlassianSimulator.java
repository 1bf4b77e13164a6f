package dev.canopy.simulator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.canopy.simulator.admin.ApiAccessApi;
import dev.canopy.simulator.admin.DirectoryApi;
import dev.canopy.simulator.admin.OrgApi;
import dev.canopy.simulator.confluence.ConfluenceV1Api;
import dev.canopy.simulator.confluence.ConfluenceV2Api;
import dev.canopy.simulator.control.ControlApi;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.control.SimControl;
import dev.canopy.simulator.http.ApiGuard;
import dev.canopy.simulator.http.FaultInjector;
import dev.canopy.simulator.http.HostRouting;
import dev.canopy.simulator.http.RateLimiter;
import dev.canopy.simulator.jira.JiraApi;
import dev.canopy.simulator.media.MediaApi;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.teams.TeamsApi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The simulator: generated state served over HTTP by a Vert.x Web router on one event loop. Admin APIs at
 * {@code {base}/admin/...}, sites at {@code {base}/site/{name}/...} (or by {@code Host: {name}.atlassian.net}), the
 * control API at {@code {base}/_sim/...}.
 */
public final class AtlassianSimulator {
    /**
     * Atlassian Cloud serves HTTPS only, so it never answers a cleartext HTTP/2 upgrade ({@code Upgrade: h2c}); Vert.x
     * accepts one by default. The JDK's HttpClient asks for it on every plain-http request, and a CI run (2026-11-28)
     * failed reading a large JSON body as HTTP/2 frames after such an upgrade ("Frame type(107) length(6452588)
     * exceeds MAX_FRAME_SIZE"). Refusing the upgrade keeps every exchange HTTP/1.1, as Cloud's cleartext side would.
     */
    private static final HttpServerOptions SERVER_OPTIONS = new HttpServerOptions().setHttp2ClearTextEnabled(false);

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpServer mediaServer;
    private final SimState state;
    private final SimControl control;
    private final MediaApi media;

    private AtlassianSimulator(Vertx vertx, HttpServer server, HttpServer mediaServer, SimState state, SimControl control,
            MediaApi media) {
        this.vertx = vertx;
        this.server = server;
        this.mediaServer = mediaServer;
        this.state = state;
        this.control = control;
        this.media = media;
    }

    public static AtlassianSimulator start(SimulatorConfig config) {
        SimState state = SimState.generate(config);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        RateLimiter rateLimiter = new RateLimiter(config.rateLimit());
        FaultInjector faults = new FaultInjector(config.seed(), config.faults());
        Context loop = vertx.getOrCreateContext();
        SimControl control = new SimControl(state, loop, faults, rateLimiter);
        MediaApi media = new MediaApi(state);
        CompletableFuture<HttpServer> mediaStarted = new CompletableFuture<>();
        loop.runOnContext(v -> {
            Router mediaRouter = Router.router(vertx);
            media.mount(mediaRouter);
            vertx.createHttpServer(SERVER_OPTIONS).requestHandler(mediaRouter).listen(0)
                    .onSuccess(mediaStarted::complete).onFailure(mediaStarted::completeExceptionally);
        });
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        try {
            String mediaBase = "http://localhost:" + mediaStarted.get(30, TimeUnit.SECONDS).actualPort();
            loop.runOnContext(v -> {
                Router router = router(vertx, state, control, new ApiGuard(state, rateLimiter, faults), media, mediaBase);
                vertx.createHttpServer(SERVER_OPTIONS).requestHandler(router).listen(config.port())
                        .onSuccess(started::complete).onFailure(started::completeExceptionally);
            });
            return new AtlassianSimulator(vertx, started.get(30, TimeUnit.SECONDS), mediaStarted.join(), state, control, media);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("simulator did not start on port " + config.port(), e);
        }
    }

    private static void jsonError(io.vertx.ext.web.RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String path = ctx.request().path();
        dev.canopy.simulator.http.ApiFamily family;
        if (path.startsWith("/site/")) {
            int slash = path.indexOf('/', "/site/".length());
            family = dev.canopy.simulator.http.ApiFamily.ofSitePath(slash < 0 ? "/" : path.substring(slash));
        } else {
            family = dev.canopy.simulator.http.ApiFamily.ADMIN;
        }
        dev.canopy.simulator.http.Errors.send(ctx, family, status,
                message != null ? message : status >= 500 ? "Internal server error" : "Request failed");
    }

    private static Router router(Vertx vertx, SimState state, SimControl control, ApiGuard guard, MediaApi media,
            String mediaBase) {
        Router router = Router.router(vertx);
        router.route().handler(new HostRouting(state)::handle);
        router.route().handler(BodyHandler.create().setBodyLimit(5_000_000));
        router.route("/admin/*").handler(guard::admin);
        router.route("/users/*").handler(guard::admin);
        router.route("/site/:site/*").handler(guard::site);
        new OrgApi(state).mount(router);
        new DirectoryApi(state).mount(router);
        new ApiAccessApi(state).mount(router);
        new TeamsApi().mount(router);
        new ConfluenceV2Api(state).mount(router);
        new dev.canopy.simulator.confluence.SpacePermissionsApi().mount(router);
        new ConfluenceV1Api(state, media, mediaBase).mount(router);
        new JiraApi().mount(router);
        new dev.canopy.simulator.jira.JiraContentApi(state, media, mediaBase).mount(router);
        new ControlApi(state, control).mount(router);
        // Cloud answers unknown REST paths and server failures with JSON in the API's error shape, never an HTML page
        router.route("/site/:site/*").last().handler(ctx -> jsonError(ctx, 404, "No such resource"));
        router.route("/admin/*").last().handler(ctx -> jsonError(ctx, 404, "No such resource"));
        router.route("/users/*").last().handler(ctx -> jsonError(ctx, 404, "No such resource"));
        router.route().failureHandler(ctx -> jsonError(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, null));
        router.errorHandler(405, ctx -> jsonError(ctx, 405, "Method not allowed"));
        return router;
    }

    public String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /** The media host (api.media.atlassian.com on Cloud): a separate origin that attachment downloads redirect to. */
    public String mediaBaseUrl() {
        return "http://localhost:" + mediaServer.actualPort();
    }

    /** Downloads served by the media host and those that arrived carrying an Authorization header (must stay 0). */
    public MediaApi media() {
        return media;
    }

    /** The site base URL the connector should use, like {@code https://acme-1.atlassian.net}. */
    public String siteUrl(String siteName) {
        return baseUrl() + "/site/" + siteName;
    }

    public SimState state() {
        return state;
    }

    /** Mutations, faults and rate limits at runtime (same as the {@code /_sim/} HTTP API). */
    public SimControl control() {
        return control;
    }

    public GroundTruth groundTruth(String orgId) {
        return control.groundTruth(orgId);
    }

    public void stop() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("simulator did not stop", e);
        }
    }
}
