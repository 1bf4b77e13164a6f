package dev.canopy.findings.domain.dlp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.findings.config.FindingsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Bounded worker threads for DLP work, so a scan or an engine build never runs on a Vert.x event loop. Three pools:
 * one for the REST scan endpoint and one for the content consumer, so a flood of REST scans can't starve content
 * scanning (the consumer processes one record at a time, so its queue stays short), and one for compiling a tenant's
 * rules (engine builds and gitleaks imports: up to {@code RuleLimits.gateBuildCpu} per imported set, seconds of CPU
 * that on an event loop would stall every other tenant's requests on it); there each tenant's compiles run one after
 * another in a lane of their own ({@link Lane}). When the REST pool's or the build pool's queue is full, or a tenant
 * has {@value #MAX_WAITING_IMPORTS} imports waiting, the call fails with {@link RejectedExecutionException} (the
 * resources answer 503). Results are delivered back on the caller's Vert.x context (Hibernate Reactive and the Kafka
 * connector need it).
 */
@ApplicationScoped
public class DlpScanPool {
    @Inject
    FindingsConfig config;

    private ThreadPoolExecutor api;
    private ThreadPoolExecutor content;
    private ThreadPoolExecutor rules;
    /** Engine builds under way by key ({@link #building}). */
    private final Map<Object, CompletableFuture<Object>> compiling = new ConcurrentHashMap<>();
    /** Per tenant, its compiles waiting or running ({@link Lane}); guarded by itself. */
    private final Map<String, Lane> lanes = new HashMap<>();

    @PostConstruct
    void start() {
        int threads = config.dlp().scanThreads();
        api = pool("dlp-scan-api", threads, config.dlp().scanQueue());
        content = pool("dlp-scan-content", threads, 1024);
        rules = pool("dlp-rules", threads, 1024);
    }

    @PreDestroy
    void stop() {
        api.shutdownNow();
        content.shutdownNow();
        rules.shutdownNow();
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs a REST scan on the API pool. */
    public <T> Uni<T> api(Supplier<T> scan) {
        return run(api, scan);
    }

    /** Runs a content scan on the content pool. */
    public <T> Uni<T> content(Supplier<T> scan) {
        return run(content, scan);
    }

    /**
     * Imports a rule set of {@code tenantId} on the rules pool, in the tenant's lane (see {@link Lane}): fails with
     * RejectedExecutionException when {@value #MAX_WAITING_IMPORTS} of its imports are already waiting or compiling.
     */
    public <T> Uni<T> importing(String tenantId, Supplier<T> compile) {
        Context ctx = Vertx.currentContext();
        return onContext(Uni.createFrom().completionStage(() -> inLane(tenantId, compile, true)), ctx);
    }

    /**
     * Builds an engine of {@code tenantId} on the rules pool, in the tenant's lane, once for concurrent callers with
     * an equal key: each gets the first caller's result or failure (a tenant asking for the same engine many times at
     * once queues one build, not one per request). A caller that goes away leaves the build running for the others.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> building(String tenantId, Object key, Supplier<T> build) {
        Context ctx = Vertx.currentContext();
        Uni<T> u = Uni.createFrom().completionStage(() -> {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> running = compiling.putIfAbsent(key, mine);
            if (running == null) {
                running = mine;
                inLane(tenantId, build, false).whenComplete((r, failure) -> {
                    compiling.remove(key, mine);
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                    } else {
                        mine.complete(r);
                    }
                });
            }
            // a stage of its own per caller: cancelling it does not cancel the shared build
            return running.thenApply(r -> (T) r);
        });
        return onContext(u, ctx);
    }

    /**
     * A tenant's compiles run one after another: each enters the shared rules pool only when the tenant's previous one
     * is done. So a tenant has at most one compile in the pool, and another tenant's build waits for at most one
     * compile per busy tenant, however many a tenant sends ({@code RuleImportFloodAttackTest}: ten imports at once
     * queued ahead of a neighbour's engine build, which waited for all of them). Lanes exist while they have work.
     */
    private static final class Lane {
        /** Done when the tenant's last compile so far is done. */
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        int imports;
    }

    /** Imports of one tenant waiting or compiling at most; more are refused (503) rather than queued. */
    static final int MAX_WAITING_IMPORTS = 3;

    private <T> CompletableFuture<T> inLane(String tenantId, Supplier<T> compile, boolean isImport) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        Lane lane;
        synchronized (lanes) {
            lane = lanes.computeIfAbsent(tenantId, t -> new Lane());
            if (isImport && lane.imports >= MAX_WAITING_IMPORTS) {
                result.completeExceptionally(new RejectedExecutionException("rule set imports of tenant " + tenantId
                        + " already waiting: " + lane.imports));
                return result;
            }
            lane.imports += isImport ? 1 : 0;
            previous = lane.tail;
            lane.tail = done;
        }
        Runnable finish = () -> {
            synchronized (lanes) {
                lane.imports -= isImport ? 1 : 0;
                if (lane.tail == done) {
                    lanes.remove(tenantId);
                }
            }
            done.complete(null);
        };
        previous.whenComplete((x, e) -> {
            try {
                rules.execute(() -> {
                    try {
                        result.complete(compile.get());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    } finally {
                        finish.run();
                    }
                });
            } catch (RejectedExecutionException full) {
                result.completeExceptionally(full);
                finish.run();
            }
        });
        return result;
    }

    private static <T> Uni<T> run(Executor pool, Supplier<T> scan) {
        return onContext(Uni.createFrom().item(scan).runSubscriptionOn(pool), Vertx.currentContext());
    }

    /** Delivers the result on the caller's Vert.x context (when it has one). */
    private static <T> Uni<T> onContext(Uni<T> u, Context ctx) {
        return ctx == null ? u : u.emitOn(r -> ctx.runOnContext(x -> r.run()));
    }
}
