package dev.canopy.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP webhook receiver on 127.0.0.1 in the test JVM. Each endpoint is a path with its own behaviour
 * (answer per call number, optional delay) and records every request it got.
 */
public final class Receiver implements AutoCloseable {

    static {
        // the JDK server leaves Nagle on by default: with the client's delayed ACKs every response would wait ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One received request. */
    public record Request(String path, Map<String, List<String>> headers, String body, long receivedNanos) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What to answer to the n-th call (1-based). */
    public record Answer(int status, Map<String, String> headers, long delayMillis) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), 0);
        }
    }

    @FunctionalInterface
    public interface Behaviour {
        Answer answer(int call);
    }

    public static Behaviour failTimesThenSucceed(int failures, int failStatus) {
        return call -> Answer.status(call <= failures ? failStatus : 204);
    }

    public final class Endpoint {
        private final String path;
        private volatile Behaviour behaviour;
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Request> requests = new CopyOnWriteArrayList<>();

        Endpoint(String path, Behaviour behaviour) {
            this.path = path;
            this.behaviour = behaviour;
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        public List<Request> requests() {
            return List.copyOf(requests);
        }

        public List<Request> successful() {
            return requests.stream().filter(r -> "ok".equals(r.headers().get("x-test-outcome").get(0))).toList();
        }

        public void behave(Behaviour b) {
            behaviour = b;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicInteger names = new AtomicInteger();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public Endpoint endpoint(Behaviour behaviour) {
        String path = "/hooks/" + names.incrementAndGet();
        Endpoint e = new Endpoint(path, behaviour);
        endpoints.put(path, e);
        return e;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Endpoint e = endpoints.get(exchange.getRequestURI().getPath());
        if (e == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        Answer answer = e.behaviour.answer(e.calls.incrementAndGet());
        Map<String, List<String>> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        headers.put("x-test-outcome", List.of(answer.status() >= 200 && answer.status() < 300 ? "ok" : "failed"));
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        e.requests.add(new Request(exchange.getRequestURI().toString(), headers, body, received));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
