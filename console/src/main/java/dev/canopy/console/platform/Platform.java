package dev.canopy.console.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.console.config.ConsoleConfig;
import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.domain.ServiceCredentials;

/**
 * The four services' REST APIs, called on a session's behalf with a token minted for that service and call only.
 * Blocking calls: page handlers run on worker threads.
 */
@ApplicationScoped
public class Platform {
    public static final String CONNECTOR = "connector";
    public static final String INVENTORY = "inventory";
    public static final String FINDINGS = "findings";
    public static final String NOTIFIER = "notifier";

    @Inject
    ConsoleConfig config;
    @Inject
    ServiceCredentials credentials;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    public JsonNode get(ConsoleSession session, String service, String path, Map<String, String> query) {
        return send(session, service, HttpRequest.newBuilder(uri(service, path, query)).GET());
    }

    public JsonNode post(ConsoleSession session, String service, String path, Map<String, String> query, Object body) {
        return send(session, service, HttpRequest.newBuilder(uri(service, path, query))
                .header("Content-Type", "application/json").POST(json(body)));
    }

    private HttpRequest.BodyPublisher json(Object body) {
        try {
            return body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST with a non-JSON body (e.g. a TOML rule set). */
    public JsonNode postText(ConsoleSession session, String service, String path, Map<String, String> query,
            String body, String contentType) {
        return send(session, service, HttpRequest.newBuilder(uri(service, path, query))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode put(ConsoleSession session, String service, String path, Object body) {
        return send(session, service, HttpRequest.newBuilder(uri(service, path, null))
                .header("Content-Type", "application/json").PUT(json(body)));
    }

    public JsonNode delete(ConsoleSession session, String service, String path) {
        return send(session, service, HttpRequest.newBuilder(uri(service, path, null)).DELETE());
    }

    /** Converts an answer to plain maps and lists, which the templates read by key. */
    public Object plain(JsonNode node) {
        return json.convertValue(node, Object.class);
    }

    private JsonNode send(ConsoleSession session, String service, HttpRequest.Builder request) {
        request.timeout(config.services().timeout())
                .header("Authorization", "Bearer " + credentials.tokenFor(session, service))
                .header("Accept", "application/json");
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceError(502, service, "The " + service + " service cannot be reached",
                    "Check that it is running at " + baseUrl(service) + " and try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceError(503, service, "Interrupted", "Try again.");
        }
        JsonNode body = parse(answer.body());
        if (answer.statusCode() >= 400) {
            String title = body.path("title").asText("");
            String detail = body.path("detail").asText("");
            if (answer.statusCode() == 429) {
                detail = "Too many requests for your tenant: try again in "
                        + answer.headers().firstValue("Retry-After").orElse("a few") + " seconds.";
            }
            throw new ServiceError(answer.statusCode(), service, title.isBlank() ? "Request refused" : title, detail);
        }
        return body;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private URI uri(String service, String path, Map<String, String> query) {
        StringBuilder b = new StringBuilder(baseUrl(service)).append(path);
        String sep = "?";
        for (Map.Entry<String, String> e : (query == null ? Map.<String, String>of() : query).entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                b.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = "&";
            }
        }
        return URI.create(b.toString());
    }

    private String baseUrl(String service) {
        return switch (service) {
            case CONNECTOR -> config.services().connector();
            case INVENTORY -> config.services().inventory();
            case FINDINGS -> config.services().findings();
            case NOTIFIER -> config.services().notifier();
            default -> throw new IllegalArgumentException(service);
        };
    }

    /** A query map that keeps insertion order and skips blank values. */
    public static Map<String, String> query(String... keyValues) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null && !keyValues[i + 1].isBlank()) {
                q.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return q;
    }

    /** Encodes a path segment taken from a page (ids are passed through as given, but never unencoded). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
