package dev.canopy.tools.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;

/**
 * A local webhook endpoint that verifies every delivery's Standard Webhooks signature independently of the
 * notifier, and keeps what it received.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Delivery(String webhookId, String body, boolean signatureValid, long receivedAtMillis) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** One per subscription (several tenants may subscribe the same receiver): a delivery is valid if one verifies it. */
    private final List<Webhook> verifiers = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/webhooks", receiver::handle);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("webhook receiver could not listen", e);
        }
    }

    /** A subscription's secret ({@code whsec_...}), known once the subscription is created. */
    public void trust(String secret) {
        verifiers.add(new Webhook(secret));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach(headers::put);
        boolean valid = false;
        for (Webhook v : verifiers) {
            try {
                v.verify(body, headers);
                valid = true;
                break;
            } catch (Exception e) {
                // signed with another subscription's secret, or not at all
            }
        }
        deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"), body, valid,
                System.currentTimeMillis()));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
