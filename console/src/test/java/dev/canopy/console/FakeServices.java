package dev.canopy.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for the four services in the console's own tests (the browser tests in e2e use the real ones): answers
 * fixed JSON and records every request's path and Authorization header, so tests can check what the console sent.
 * Generates the signing key pair the console reads.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {
    public record Call(String method, String path, String authorization) {
    }

    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    public static KeyPair keys;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            keys = TestServers.rsaKeys();
            Path pem = Files.createTempFile("console-test-key", ".pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            server = TestServers.loopback();
            server.createContext("/", exchange -> {
                CALLS.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                String path = exchange.getRequestURI().getPath();
                String body = path.endsWith("/findings") ? "{\"items\":[{\"id\":\"f-1\",\"kind\":\"dlp\",\"title\":\"AWS key in a page\","
                        + "\"severity\":\"critical\",\"status\":\"open\",\"ruleId\":\"aws-access-key\",\"resource\":{\"id\":\"s1:42\",\"name\":\"Runbook\"}}],\"nextCursor\":null}"
                        : path.endsWith("/connections") || path.endsWith("/subscriptions") || path.endsWith("/checks")
                                || path.endsWith("/detectors") ? "[]"
                        : path.endsWith("/dlp/scan") ? "{\"length\":6,\"matches\":[],\"budgetExceeded\":[]}"
                        : path.endsWith("/detections/rules") ? "[{\"id\":\"org-admin-granted\",\"title\":\"Organization admin granted\","
                                + "\"severity\":\"critical\",\"rationale\":\"r\",\"guardCategory\":\"Org admin added\",\"enabled\":true}]"
                        : path.endsWith("/detections/settings") ? "{\"enabled\":true,\"disabledRules\":[],\"excludedAccounts\":[],"
                                + "\"sensitivity\":\"medium\",\"thresholds\":{},\"effectiveThresholds\":{\"travelMinutes\":60}}"
                        : "{\"items\":[],\"nextCursor\":null}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            return Map.of("console.tokens.private-key", pem.toString(), "console.services.connector", url,
                    "console.services.inventory", url, "console.services.findings", url, "console.services.notifier", url,
                    "console.session.secure-cookie", "false");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
