package dev.canopy.notifier.domain;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.PinnedRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * POSTs a webhook to an already checked address: the TCP connection goes to that IP while Host and TLS SNI carry
 * the URL's host name (so DNS cannot be asked twice). No redirects, connect and whole-request timeouts, and at most
 * {@code max-response-bytes} of the response are read before the connection is dropped.
 */
@ApplicationScoped
public class EndpointClient {
    private static final int EXCERPT_CHARS = 256;

    /** What came back; {@code status} is null when no response arrived. */
    public record Result(Integer status, String retryAfter, long latencyMs, String error, String bodyExcerpt) {
        public boolean success() {
            return status != null && status >= 200 && status <= 299;
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    NotifierConfig config;

    private HttpClient client;

    @PostConstruct
    void start() {
        client = vertx.createHttpClient(PinnedRequests.clientOptions(config.endpointConcurrency(), config.connectTimeout()));
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    public Uni<Result> post(OutboundGuard.ResolvedTarget to, Map<String, String> headers, String body) {
        RequestOptions options = PinnedRequests.request(to, HttpMethod.POST, config.connectTimeout(),
                config.requestTimeout());
        headers.forEach(options::putHeader);
        options.putHeader("content-type", "application/json");
        options.putHeader("user-agent", "Canopy-Webhooks/1.0");
        long start = System.nanoTime();
        Promise<Result> promise = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        client.request(options).onFailure(promise::tryFail).onSuccess(request -> {
            sent.set(request);
            request.exceptionHandler(promise::tryFail);
            request.send(Buffer.buffer(body)).onFailure(promise::tryFail)
                    .onSuccess(response -> readBounded(response, start, promise));
        });
        Duration timeout = config.requestTimeout();
        return Uni.createFrom().completionStage(promise.future().toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> {
                    HttpClientRequest r = sent.get();
                    if (r != null) {
                        r.reset();
                    }
                    return new TimeoutException("no complete response within " + timeout.toMillis() + " ms");
                })
                .onFailure().recoverWithItem(e -> new Result(null, null, millisSince(start), describe(e), null));
    }

    private void readBounded(HttpClientResponse response, long start, Promise<Result> promise) {
        int max = config.maxResponseBytes();
        int status = response.statusCode();
        String retryAfter = response.getHeader("retry-after");
        StringBuilder excerpt = new StringBuilder();
        long[] read = { 0 };
        response.handler(chunk -> {
            read[0] += chunk.length();
            if (excerpt.length() < EXCERPT_CHARS) {
                String text = chunk.toString();
                excerpt.append(text, 0, Math.min(text.length(), EXCERPT_CHARS - excerpt.length()));
            }
            if (read[0] > max) {
                response.request().reset();
                promise.tryComplete(new Result(status, retryAfter, millisSince(start),
                        "response body larger than " + max + " bytes; connection dropped", excerpt.toString()));
            }
        });
        response.exceptionHandler(e -> promise.tryComplete(new Result(status, retryAfter, millisSince(start),
                "response body unreadable: " + describe(e), excerpt.toString())));
        response.endHandler(v -> promise.tryComplete(new Result(status, retryAfter, millisSince(start), null, excerpt.toString())));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
