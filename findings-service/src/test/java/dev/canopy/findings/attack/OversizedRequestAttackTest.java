package dev.canopy.findings.attack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Attack: oversized request collections, strings and ids (memory and storage per tenant, log and error echo);
 * too many rules and rule sets per tenant. Every one answers 400 problem+json naming the field. (Values are kept
 * under the HTTP server's 4 KiB request-line limit, which answers 414 by itself.)
 */
@QuarkusTest
class OversizedRequestAttackTest {

    @Test
    void oversizedFieldsAndCollectionsAreRefusedNamingTheField() {
        String tenant = TestEvents.uniqueTenant("big");
        String admin = TestTokens.tenantAdmin(tenant);
        List<String> tenThousand = IntStream.range(0, 10_000).mapToObj(i -> "kw" + i).toList();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "r", "regex", "x+y",
                "keywords", tenThousand, "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(startsWith("keywords")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "r", "title", "t".repeat(10_000),
                "regex", "x+y", "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(400)
                .body("errors.field", hasItem(startsWith("title")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "r".repeat(5000),
                "regex", "x+y", "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(400)
                .body("errors.field", hasItem(startsWith("id")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", tenThousand))
                .put("/api/v1/dlp/config/disabled-builtins").then().statusCode(400)
                .body("errors.field", hasItem(startsWith("ids")));
        given().auth().oauth2(admin).contentType("text/plain").queryParam("name", "n".repeat(500))
                .body("[[rules]]\nid = \"a\"\nregex = '''acme_[a-z]{9}'''\nkeywords = [\"acme_\"]\n")
                .post("/api/v1/dlp/rulesets").then().statusCode(400).body("errors.field", hasItem("name"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("rule", "r".repeat(1000))
                .get("/api/v1/findings").then().statusCode(400).body("errors.field", hasItem("rule"));
        given().auth().oauth2(TestTokens.tenantReader(tenant)).queryParam("cursor", "c".repeat(1000))
                .get("/api/v1/findings").then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "ok"))
                .put("/api/v1/posture/checks/" + "c".repeat(500) + "/mute").then().statusCode(400);
    }

    @Test
    void aTenantCannotStoreUnboundedRules() {
        String tenant = TestEvents.uniqueTenant("many");
        String admin = TestTokens.tenantAdmin(tenant);
        int status = 0;
        for (int i = 0; i < 60 && status != 400; i++) {
            status = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "r" + i,
                    "regex", "EMP" + i + "-[0-9]{6}", "keywords", List.of("EMP" + i), "severity", "HIGH"))
                    .post("/api/v1/dlp/rules").then().extract().statusCode();
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "one-more", "regex", "ZZ-[0-9]{6}",
                "keywords", List.of("ZZ-"), "severity", "HIGH")).post("/api/v1/dlp/rules").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("customRules"));
    }
}
