package dev.canopy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Outside the local profile (CONSOLE_LOCAL_SIGN_IN unset) the local sign-in is neither offered nor accepted. */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = true)
class LocalSignInRefusedTest {

    @Test
    void localSignInIsRefusedAndNotOffered() {
        Response page = given().redirects().follow(false).get("/signin");
        page.then().statusCode(200).body(not(containsString("local-signin")))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY")
                .body(containsString("No sign-in is configured"));
        String csrf = page.getCookie("canopy_console_signin");
        given().redirects().follow(false).cookie("canopy_console_signin", csrf)
                .formParam("_csrf", csrf).formParam("tenant", "demo").formParam("role", "admin")
                .post("/signin/local")
                .then().statusCode(403).body(containsString("Local sign-in is disabled"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void pagesNeedASession() {
        given().redirects().follow(false).get("/findings").then().statusCode(303)
                .header("Location", containsString("/signin"));
        given().redirects().follow(false).cookie("canopy_console", "made-up").get("/").then().statusCode(303);
    }
}
