package dev.canopy.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With the local sign-in on: the session cookie's attributes, the per-service tokens the console mints (checked by
 * signature, audience, tenant, roles and lifetime at the fake service), CSRF and the reader's refusal.
 */
@QuarkusTest
@TestProfile(ConsoleSessionTest.LocalSignIn.class)
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = true)
class ConsoleSessionTest {
    public static class LocalSignIn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("console.local-sign-in.enabled", "true", "console.local-sign-in.tenants", "demo,acme");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static String signIn(String tenant, String role) {
        Response page = given().get("/signin");
        String token = page.getCookie("canopy_console_signin");
        Response r = given().redirects().follow(false).cookie("canopy_console_signin", token)
                .formParam("_csrf", token).formParam("tenant", tenant).formParam("role", role).post("/signin/local");
        r.then().statusCode(303);
        String setCookie = r.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("canopy_console="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        return r.getCookie("canopy_console");
    }

    static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    @Test
    void adminPageCallsTheServiceWithAShortLivedTokenForItOnly() throws Exception {
        String session = signIn("acme", "admin");
        FakeServices.CALLS.clear();
        String html = given().cookie("canopy_console", session).get("/findings").then().statusCode(200)
                .body(containsString("AWS key in a page")).extract().asString();
        FakeServices.Call call = FakeServices.CALLS.stream().filter(c -> c.path().equals("/api/v1/findings"))
                .findFirst().orElseThrow();
        String jwt = call.authorization().substring("Bearer ".length());
        assertThat(html).doesNotContain(jwt);
        String[] parts = jwt.split("\\.");
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(FakeServices.keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).as("RS256 signature").isTrue();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("canopy");
        assertThat(claims.path("aud").isArray() ? claims.path("aud").get(0).asText() : claims.path("aud").asText())
                .isEqualTo("canopy-findings");
        assertThat(claims.path("aud").size()).isLessThanOrEqualTo(1);
        assertThat(claims.path("tenant_id").asText()).isEqualTo("acme");
        assertThat(claims.path("groups").toString()).contains("tenant-admin");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(1L, 300L);
    }

    @Test
    void everyPostNeedsTheSessionsCsrfToken() {
        String session = signIn("demo", "admin");
        given().redirects().follow(false).cookie("canopy_console", session).formParam("reason", "test")
                .post("/findings/f-1/suppress").then().statusCode(403).body(containsString("This form has expired"));
        given().redirects().follow(false).cookie("canopy_console", session).formParam("reason", "test")
                .formParam("_csrf", "forged").post("/webhooks/x/test").then().statusCode(403);
    }

    @Test
    void readerSeesNoEditControlsAndIsRefusedAChange() {
        String session = signIn("demo", "reader");
        String html = given().cookie("canopy_console", session).get("/webhooks").then().statusCode(200)
                .body(not(containsString("webhook-form"))).extract().asString();
        String csrf = csrfOf(html); // the sign-out form's token: a valid token of this session
        FakeServices.CALLS.clear();
        given().redirects().follow(false).cookie("canopy_console", session).formParam("_csrf", csrf)
                .formParam("url", "https://example.com/hook").post("/webhooks")
                .then().statusCode(403).body(containsString("tenant-reader"))
                .body(containsString("Ask a tenant-admin"));
        assertThat(FakeServices.CALLS).as("nothing reached a service").isEmpty();
        // the new changes are refused the same way: bulk findings, thresholds, DLP rules and rule sets, connection edits
        for (String post : List.of("/findings/bulk", "/posture/thresholds", "/dlp/rules", "/dlp/rulesets",
                "/connections/c-1/edit")) {
            given().redirects().follow(false).cookie("canopy_console", session).formParam("_csrf", csrf)
                    .formParam("id", "f-1").formParam("action", "resolve").post(post)
                    .then().statusCode(403).body(containsString("tenant-reader"));
        }
        assertThat(FakeServices.CALLS).as("nothing reached a service").isEmpty();
        // a scan changes nothing: a reader may run one (with the session's token)
        given().cookie("canopy_console", session).formParam("_csrf", csrf).formParam("text", "sample")
                .post("/dlp/scan").then().statusCode(200);
        assertThat(FakeServices.CALLS).anyMatch(c -> c.path().equals("/api/v1/dlp/scan") && c.method().equals("POST"));
    }

    @Test
    void everyPageRendersWithItsEmptyState() {
        String session = signIn("demo", "admin");
        for (String page : List.of("/", "/connections", "/connections/new", "/webhooks", "/inventory?type=users",
                "/inventory?type=groups", "/inventory?type=apps", "/inventory?type=api-tokens", "/inventory?type=spaces",
                "/inventory?type=audit-events", "/inventory?type=teams", "/inventory?type=jira-grants", "/posture", "/dlp",
                "/detections")) {
            String html = given().cookie("canopy_console", session).get(page).then().statusCode(200).extract().asString();
            assertThat(html).as(page).contains("<header class=\"top\">").doesNotContain("class=\"error\"");
            if (!page.equals("/connections/new")) {
                assertThat(html).as(page + " says it is empty").contains("class=\"empty\"");
            }
        }
        given().cookie("canopy_console", session).get("/no-such-page").then().statusCode(404)
                .body(containsString("Page not found"));
    }

    @Test
    void bulkActionsAreBoundedAndReportEachFinding() {
        String session = signIn("demo", "admin");
        String csrf = csrfOf(given().cookie("canopy_console", session).get("/findings").asString());
        var tooMany = given().cookie("canopy_console", session).formParam("_csrf", csrf).formParam("action", "resolve");
        for (int i = 0; i < 101; i++) {
            tooMany = tooMany.formParam("id", "f-" + i);
        }
        FakeServices.CALLS.clear();
        tooMany.post("/findings/bulk").then().statusCode(400).body(containsString("at most 100"));
        given().cookie("canopy_console", session).formParam("_csrf", csrf).formParam("action", "suppress")
                .formParam("id", "f-1").post("/findings/bulk").then().statusCode(400)
                .body(containsString("A reason is required"));
        given().cookie("canopy_console", session).formParam("_csrf", csrf).formParam("action", "delete")
                .formParam("id", "f-1").post("/findings/bulk").then().statusCode(400);
        assertThat(FakeServices.CALLS).as("nothing reached a service").isEmpty();
        given().cookie("canopy_console", session).formParam("_csrf", csrf).formParam("action", "resolve")
                .formParam("id", "f-1").formParam("id", "f-2").post("/findings/bulk").then().statusCode(200)
                .body(containsString("data-requested=\"2\""));
        assertThat(FakeServices.CALLS.stream().filter(c -> c.method().equals("POST")).map(FakeServices.Call::path))
                .containsExactly("/api/v1/findings/f-1/resolve", "/api/v1/findings/f-2/resolve");
    }

    @Test
    void signOutEndsTheSession() {
        String session = signIn("demo", "admin");
        String csrf = csrfOf(given().cookie("canopy_console", session).get("/connections").asString());
        given().redirects().follow(false).cookie("canopy_console", session).formParam("_csrf", csrf).post("/signout")
                .then().statusCode(303);
        given().redirects().follow(false).cookie("canopy_console", session).get("/").then().statusCode(303)
                .header("Location", containsString("/signin"));
    }
}
