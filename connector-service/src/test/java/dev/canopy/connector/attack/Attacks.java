package dev.canopy.connector.attack;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** REST helpers shared by the attack tests (create/update a connection, wait for verification and runs). */
final class Attacks {
    static final String ORG = "org-attack";

    private Attacks() {
    }

    static Map<String, Object> site(String url, String token) {
        return Map.of("url", url, "adminEmail", "admin@acme.example", "apiToken", token);
    }

    static Map<String, Object> connection(String adminBaseUrl, List<Map<String, Object>> sites) {
        return Map.of("name", "attack", "orgId", ORG, "orgApiKey", "org-key-secret", "adminBaseUrl", adminBaseUrl,
                "sites", sites);
    }

    static ExtractableResponse<Response> post(String token, Object body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/api/v1/connections")
                .then().extract();
    }

    static ExtractableResponse<Response> put(String token, String id, Object body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).put("/api/v1/connections/" + id)
                .then().extract();
    }

    /** The connection once its (asynchronous) verification has completed: verifiedAt set, status complete. */
    static JsonPath verified(String token, String id) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200).extract()
                    .jsonPath();
            return last[0].get("verifiedAt") != null && "complete".equals(last[0].getString("verification.status"));
        });
        return last[0];
    }

    /** POST .../verify and wait for a verification newer than the current one. */
    static JsonPath reverify(String token, String id) {
        String before = given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200).extract()
                .path("verifiedAt");
        int status = given().auth().oauth2(token).post("/api/v1/connections/" + id + "/verify").then().extract().statusCode();
        if (status != 202) {
            throw new AssertionError("verify answered " + status);
        }
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200).extract()
                    .jsonPath();
            String at = last[0].getString("verifiedAt");
            return at != null && !at.equals(before) && "complete".equals(last[0].getString("verification.status"));
        });
        return last[0];
    }

    /** The check of one capability (site null for org capabilities). */
    static Map<String, Object> check(JsonPath connection, String capability) {
        List<Map<String, Object>> checks = connection.getList("verification.checks");
        return checks.stream().filter(c -> capability.equals(c.get("capability"))).findFirst().orElseThrow();
    }

    static String trigger(String token, String id, String mode) {
        return given().auth().oauth2(token).post("/api/v1/connections/" + id + "/syncs?mode=" + mode).then()
                .statusCode(202).extract().path("id");
    }

    static JsonPath awaitRun(String token, String runId) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/syncs/" + runId).then().statusCode(200).extract().jsonPath();
            return !Set.of("queued", "running").contains(last[0].getString("status"));
        });
        return last[0];
    }
}
