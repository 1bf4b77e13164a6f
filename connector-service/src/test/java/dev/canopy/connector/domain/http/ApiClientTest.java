package dev.canopy.connector.domain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.canopy.connector.config.EgressConfig;
import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.egress.EgressPolicy;
import dev.canopy.connector.domain.egress.EgressResolver;
import io.vertx.core.Vertx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The client against a real local HTTP server that throttles, fails and answers garbage on purpose. */
class ApiClientTest {
    private static final Vertx VERTX = Vertx.vertx();
    /** The simulator switch: loopback over plain http allowed, as the service's tests configure it. */
    static final EgressConfig LOCAL_EGRESS = new EgressConfig() {
        @Override
        public Optional<List<String>> allowedHosts() {
            return Optional.of(List.of("127.0.0.1", "localhost"));
        }

        @Override
        public boolean allowInternalAddresses() {
            return true;
        }

        @Override
        public Optional<List<String>> internalHosts() {
            return Optional.empty();
        }

        @Override
        public boolean allowHttp() {
            return true;
        }

        @Override
        public int maxRedirects() {
            return 5;
        }

        @Override
        public long maxJsonBytes() {
            return 1 << 20;
        }
    };
    private HttpServer server;
    private String base;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Behaviour behaviour;

    interface Behaviour {
        void handle(HttpExchange ex, int call) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                behaviour.handle(ex, calls.incrementAndGet());
            }
        });
        // handlers run in parallel: a stalled streaming answer must not hold up the next request
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private ApiClient client(int threshold) {
        return new HttpGateway(config(threshold), new EgressPolicy(LOCAL_EGRESS, new EgressResolver()), VERTX,
                new SimpleMeterRegistry()).forRun(UUID.randomUUID(), new RequestStats());
    }

    @Test
    void honoursRetryAfterOn429And503ThenSucceeds() {
        behaviour = (ex, n) -> {
            if (n <= 3) {
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, n == 2 ? 503 : 429, "");
            } else {
                send(ex, 200, "{\"ok\":true}");
            }
        };
        ApiClient api = client(5);
        long t0 = System.nanoTime();
        assertThat(api.getJson(base, base + "/x", Credentials.bearer("k")).path("ok").asBoolean()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        assertThat(api.stats().rateLimited()).isEqualTo(3);
        assertThat(api.stats().retries()).isEqualTo(3);
        assertThat(api.stats().requests()).isEqualTo(4);
    }

    /** Cloud's Retry-After may be fractional seconds: waited as given (not rounded to 0, not a parse failure). */
    @Test
    void honoursAFractionalRetryAfter() {
        behaviour = (ex, n) -> {
            if (n == 1) {
                ex.getResponseHeaders().add("Retry-After", "0.75");
                ex.getResponseHeaders().add("X-RateLimit-Reset", "2030-01-01T00:00Z");
                send(ex, 429, "{\"errorMessages\":[\"Rate limit exceeded\"],\"errors\":{}}");
            } else {
                send(ex, 200, "{\"ok\":true}");
            }
        };
        ApiClient api = client(5);
        long t0 = System.nanoTime();
        assertThat(api.getJson(base, base + "/x", Credentials.bearer("k")).path("ok").asBoolean()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(api.stats().rateLimited()).isEqualTo(1);
        assertThat(api.stats().requests()).isEqualTo(2);
    }

    @Test
    void retriesServerErrorsWithBackoffAndGivesUpWithAClearError() {
        behaviour = (ex, n) -> send(ex, n <= 2 ? 500 : 200, "{\"v\":" + n + "}");
        ApiClient api = client(50);
        assertThat(api.getJson(base, base + "/x", Credentials.bearer("k")).path("v").asInt()).isEqualTo(3);

        behaviour = (ex, n) -> send(ex, 502, "bad gateway");
        assertThatThrownBy(() -> api.getJson(base, base + "/y", Credentials.bearer("k")))
                .isInstanceOf(AtlassianApiException.class).hasMessageContaining("502").hasMessageContaining("attempts");
    }

    @Test
    void clientErrorsFailAtOnceNamingTheStatus() {
        behaviour = (ex, n) -> send(ex, 401, "{\"errors\":[{\"title\":\"Unauthorized\"}]}");
        ApiClient api = client(5);
        assertThatThrownBy(() -> api.getJson(base, base + "/x", Credentials.bearer("k")))
                .isInstanceOfSatisfying(AtlassianApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("credential rejected");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void malformedJsonFailsThePageNotTheClient() {
        behaviour = (ex, n) -> send(ex, 200, n == 1 ? "{\"data\":[1,2" : "{\"data\":[]}");
        ApiClient api = client(5);
        assertThatThrownBy(() -> api.getJson(base, base + "/x", Credentials.bearer("k")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("malformed JSON");
        assertThat(api.getJson(base, base + "/x", Credentials.bearer("k")).path("data").isArray()).isTrue();
    }

    /** Streams {@code total} bytes of a JSON string; answers how many the client accepted before it hung up. */
    private static long stream(HttpExchange ex, long total) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        long sent = 0;
        try {
            ex.getResponseBody().write("{\"pad\":\"".getBytes(StandardCharsets.UTF_8));
            while (sent < total) {
                ex.getResponseBody().write(chunk);
                sent += chunk.length;
            }
            ex.getResponseBody().write("\"}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client reset the connection
        }
        return sent;
    }

    @Test
    void aBodyOverTheCapFailsTheCallAndTheConnectionIsDropped() {
        long total = 64L << 20;
        List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        behaviour = (ex, n) -> sent.add(stream(ex, total));
        ApiClient api = client(5);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> api.getJson(base, base + "/huge", Credentials.bearer("k")))
                    .isInstanceOf(ResponseTooLargeException.class).hasMessageContaining("too large");
        }
        // the cap is 1 MiB: reading stopped just past it and the server could not push the 64 MiB
        assertThat(api.stats().bytes()).isLessThan(2 * (2L << 20));
        // the idle timeout (5 s here) resets each stalled connection
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sent.size() == 2);
        assertThat(sent).allSatisfy(n -> assertThat(n).isLessThan(total));
        behaviour = (ex, n) -> send(ex, 200, "{\"ok\":true}");
        assertThat(api.getJson(base, base + "/x", Credentials.bearer("k")).path("ok").asBoolean()).isTrue();
    }

    @Test
    void anInterruptedCallStopsWaitingAtOnce() throws Exception {
        behaviour = (ex, n) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "{}");
        };
        ApiClient api = client(5);
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                api.getJson(base, base + "/slow", Credentials.bearer("k"));
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        long t0 = System.nanoTime();
        worker.start();
        Thread.sleep(300);
        worker.interrupt();
        assertThat(failure.get(2, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(SyncInterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aBlockingCallOnAnEventLoopIsRefused() throws Exception {
        behaviour = (ex, n) -> send(ex, 200, "{}");
        ApiClient api = client(5);
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        VERTX.runOnContext(v -> {
            try {
                api.getJson(base, base + "/x", Credentials.bearer("k"));
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        assertThat(failure.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event-loop");
        assertThat(calls.get()).isZero();
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndFailsFast() {
        behaviour = (ex, n) -> send(ex, 500, "");
        ApiClient api = client(2);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> api.getJson(base, base + "/x", Credentials.bearer("k")))
                    .isInstanceOf(AtlassianApiException.class);
        }
        int before = calls.get();
        assertThatThrownBy(() -> api.getJson(base, base + "/x", Credentials.bearer("k")))
                .isInstanceOf(CircuitOpenException.class);
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void slowsDownBeforeTheLimitAtTheEstimatedRefillRate() throws InterruptedException {
        RateGate gate = new RateGate(4, 0.2);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        gate.observe("100", "100", "2026-01-01T00:01Z", now, 1L);
        assertThat(gate.currentSpacing()).isZero();
        // below the threshold with no estimate yet: the minute-granular reset is capped, never a minute-long wait
        gate.observe("100", "9", "2026-01-01T00:01Z", now, 2L);
        assertThat(gate.currentSpacing()).isEqualTo(Duration.ofMillis(100));
        // 20 requests in 2 s left Remaining unchanged: the bucket refills 10 per second, so space by 100 ms
        for (int i = 0; i < 20; i++) {
            gate.acquire();
            gate.release();
        }
        gate.observe("100", "9", "2026-01-01T00:01Z", now, 2_000_000_002L);
        assertThat(gate.refillPerSecond()).isEqualTo(10.0);
        assertThat(gate.currentSpacing()).isEqualTo(Duration.ofMillis(100));
        gate.observe("100", "60", null, now, 2_500_000_000L);
        assertThat(gate.currentSpacing()).isZero();
        assertThat(RateGate.untilReset(String.valueOf(now.getEpochSecond() + 30), now)).isEqualTo(Duration.ofSeconds(30));
    }

    static SyncConfig config(int threshold) {
        SyncConfig.Http http = new SyncConfig.Http() {
            public int maxConcurrencyPerSite() { return 4; }
            public int maxRetries() { return 3; }
            public Duration backoffBase() { return Duration.ofMillis(20); }
            public Duration backoffMax() { return Duration.ofMillis(100); }
            public Duration maxRetryAfter() { return Duration.ofMinutes(1); }
            public Duration connectTimeout() { return Duration.ofSeconds(2); }
            public Duration requestTimeout() { return Duration.ofSeconds(5); }
            public int circuitFailureThreshold() { return threshold; }
            public Duration circuitOpenFor() { return Duration.ofMinutes(1); }
            public double slowDownBelow() { return 0.2; }
        };
        return new SyncConfig() {
            public int workers() { return 1; }
            public int maxRunsPerTenant() { return 1; }
            public Duration leaseTtl() { return Duration.ofMinutes(1); }
            public int defaultFullIntervalMinutes() { return 1440; }
            public int defaultIncrementalIntervalMinutes() { return 60; }
            public int defaultPollIntervalSeconds() { return 60; }
            public String schedulerTick() { return "30s"; }
            public boolean schedulerEnabled() { return false; }
            public Duration contentOverlap() { return Duration.ofMinutes(10); }
            public int contentPageSize() { return 250; }
            public int historyMaxVersions() { return 50; }
            public long attachmentMaxBytes() { return 1_000_000; }
            public int attachmentMaxTextChars() { return 1_000_000; }
            public Duration attachmentParseTimeout() { return Duration.ofSeconds(10); }
            public long attachmentBytesInFlight() { return 4_000_000; }
            public int chunkOverlapChars() { return 100; }
            public Http http() { return http; }
        };
    }
}
