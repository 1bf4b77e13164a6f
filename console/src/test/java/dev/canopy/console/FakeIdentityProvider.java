package dev.canopy.console;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;

/**
 * A minimal OpenID Connect provider for the authorization-code flow: discovery, JWKS, an authorization endpoint that
 * signs the user in at once (redirect back with a code) and a token endpoint answering an RS256 ID token with
 * {@code tenant_id} and {@code groups}. Real enough for quarkus-oidc to run its whole flow against it.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {
    static final String CLIENT_ID = "canopy-console";
    static final String CLIENT_SECRET = "console-test-secret";
    /** The groups the next signed-in user has. */
    static volatile List<String> groups = List.of("sec-admins");
    private final Map<String, String> nonces = new HashMap<>();
    private HttpServer server;
    private KeyPair keys;
    private String issuer;

    @Override
    public Map<String, String> start() {
        try {
            keys = TestServers.rsaKeys();
            server = TestServers.loopback();
            issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
            server.createContext("/idp/.well-known/openid-configuration", ex -> json(ex, "{\"issuer\":\"" + issuer
                    + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer
                    + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                    + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            server.createContext("/idp/jwks", ex -> {
                RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
                json(ex, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + b64(pub.getModulus())
                        + "\",\"e\":\"" + b64(pub.getPublicExponent()) + "\"}]}");
            });
            server.createContext("/idp/auth", ex -> {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                String code = "code-" + System.nanoTime();
                synchronized (nonces) {
                    nonces.put(code, q.getOrDefault("nonce", ""));
                }
                ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                        + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            server.createContext("/idp/token", ex -> {
                Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String nonce;
                synchronized (nonces) {
                    nonce = nonces.remove(form.get("code"));
                }
                if (nonce == null) {
                    ex.sendResponseHeaders(400, -1);
                    ex.close();
                    return;
                }
                var builder = Jwt.issuer(issuer).subject("alice-sub").audience(CLIENT_ID).claim("email", "alice@example.com")
                        .claim("tenant_id", "acme").claim("groups", groups);
                if (!nonce.isEmpty()) {
                    builder.claim("nonce", nonce);
                }
                String idToken = builder.jws().keyId("k1").sign(keys.getPrivate());
                String access = Jwt.issuer(issuer).subject("alice-sub").audience(CLIENT_ID).jws().keyId("k1").sign(keys.getPrivate());
                json(ex, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\""
                        + idToken + "\"}");
            });
            server.start();
            return Map.of("console.oidc.enabled", "true", "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", issuer, "quarkus.oidc.client-id", CLIENT_ID,
                    "quarkus.oidc.credentials.secret", CLIENT_SECRET, "console.oidc.role-map",
                    "sec-admins=tenant-admin,sec-team=tenant-reader");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
