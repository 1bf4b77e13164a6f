package dev.canopy.findings.domain.dlp;

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
 * that on an event loop would stall every other tenant's requests on it). When the REST pool's or the build pool's
 * queue is full the call fails with {@link java.util.concurrent.RejectedExecutionException} (the resources answer
 * 503). Results are delivered back on the caller's Vert.x context (Hibernate Reactive and the Kafka connector need
 * it).
 */
@ApplicationScoped
public class DlpScanPool {
    @Inject
    FindingsConfig config;

    private ThreadPoolExecutor api;
    private ThreadPoolExecutor content;
    private ThreadPoolExecutor rules;
    /** Compiles under way by key ({@link #rules(Object, Supplier)}). */
    private final Map<Object, CompletableFuture<Object>> compiling = new ConcurrentHashMap<>();

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

    /** Compiles a tenant's rules (an engine build, a rule set's import) on the rules pool. */
    public <T> Uni<T> rules(Supplier<T> compile) {
        return run(rules, compile);
    }

    /**
     * Same, compiled once for concurrent callers with an equal key: each gets the first caller's result or failure
     * (a tenant asking for the same engine many times at once queues one build, not one per request). A caller that
     * goes away leaves the compile running for the others.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> rules(Object key, Supplier<T> compile) {
        Context ctx = Vertx.currentContext();
        Uni<T> u = Uni.createFrom().completionStage(() -> {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> running = compiling.putIfAbsent(key, mine);
            if (running == null) {
                running = mine;
                try {
                    rules.execute(() -> {
                        try {
                            mine.complete(compile.get());
                        } catch (Throwable t) {
                            mine.completeExceptionally(t);
                        } finally {
                            compiling.remove(key, mine);
                        }
                    });
                } catch (RejectedExecutionException full) {
                    compiling.remove(key, mine);
                    mine.completeExceptionally(full);
                }
            }
            // a stage of its own per caller: cancelling it does not cancel the shared compile
            return running.thenApply(r -> (T) r);
        });
        return onContext(u, ctx);
    }

    private static <T> Uni<T> run(Executor pool, Supplier<T> scan) {
        return onContext(Uni.createFrom().item(scan).runSubscriptionOn(pool), Vertx.currentContext());
    }

    /** Delivers the result on the caller's Vert.x context (when it has one). */
    private static <T> Uni<T> onContext(Uni<T> u, Context ctx) {
        return ctx == null ? u : u.emitOn(r -> ctx.runOnContext(x -> r.run()));
    }
}
