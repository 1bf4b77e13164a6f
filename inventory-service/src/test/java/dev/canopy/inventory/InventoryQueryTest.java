package dev.canopy.inventory;

import static dev.canopy.inventory.Samples.T0;
import static dev.canopy.inventory.Samples.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.TeamMembershipData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** Filters, sorting, cursor pagination and parameter validation of the REST API. */
@QuarkusTest
class InventoryQueryTest {
    @RegisterExtension
    static final TestEvents events = new TestEvents();
    private static String tenant;
    private static boolean seeded;

    @BeforeAll
    static void seed() {
        tenant = TestEvents.uniqueTenant("query");
        Instant now = Instant.now();
        Instant recent = now.minusSeconds(86_400);
        Instant old = now.minusSeconds(86_400 * 200);
        List<UserData> users = List.of(
                Samples.user("u-1", "ana@acme.example", true, true, List.of("atlassian/org-admin"), recent),
                Samples.user("u-2", "bo@acme.example", false, true, List.of(), old),
                Samples.user("u-3", "cy@partner.example", true, false, List.of(), null),
                Samples.user("u-4", "di@ACME.example", true, true, List.of("site-admin"), recent),
                new UserData("u-5", "ed@acme.example", "ED", "suspended", "inactive", "app", true, true, List.of(),
                        recent, T0));
        users.forEach(u -> events.send(tenant, T0, u));
        events.send(tenant, T0, new GroupMembershipData("g-1", "s", 0, 1, List.of("u-2", "u-3")));
        events.send(tenant, T0, new TeamMembershipData("t-1", "s", 0, 1, List.of("u-4")));
        events.send(tenant, T0, new InstalledAppData("site-1", "a.one", "One", "Acme", "1", true, true,
                List.of("READ"), null, T0));
        events.send(tenant, T0, new InstalledAppData("site-1", "b.two", "Two", "Other", "1", false, false,
                List.of("READ", "ADMIN"), null, T0));
        events.send(tenant, T0, new InstalledAppData("site-2", "c.three", "Three", "Acme", "1", true, true,
                List.of(), null, T0));
        events.send(tenant, T0, new ApiTokenData("tok-soon", "u-1", "ci", "active", T0, now.plusSeconds(86_400 * 3), now));
        events.send(tenant, T0, new ApiTokenData("tok-later", "u-1", "cd", "active", T0, now.plusSeconds(86_400 * 90), old));
        events.send(tenant, T0, new ApiTokenData("tok-never", "u-2", "x", "active", T0, null, null));
    }

    /** Waits (once) until the seeded events are stored; RestAssured knows the app's port only inside a test. */
    @BeforeEach
    void awaitSeed() {
        if (seeded) {
            return;
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            as(tenant).get("/api/v1/users").then().body("items", hasSize(5));
            as(tenant).get("/api/v1/installed-apps").then().body("items", hasSize(3));
            as(tenant).get("/api/v1/api-tokens").then().body("items", hasSize(3));
            as(tenant).queryParam("group", "g-1").get("/api/v1/users").then().body("items", hasSize(2));
            as(tenant).queryParam("team", "t-1").get("/api/v1/users").then().body("items", hasSize(1));
        });
        seeded = true;
    }

    private static void users(String param, String value, String... expected) {
        as(tenant).queryParam(param, value).get("/api/v1/users").then().statusCode(200)
                .body("items.accountId", contains(expected));
    }

    @Test
    void userFilters() {
        users("status", "suspended", "u-5");
        users("accountType", "app", "u-5");
        users("mfaEnabled", "false", "u-2");
        users("admin", "true", "u-1", "u-4");
        users("admin", "false", "u-2", "u-3", "u-5");
        users("role", "site-admin", "u-4");
        users("dormantDays", "90", "u-2", "u-3");
        users("group", "g-1", "u-2", "u-3");
        users("team", "t-1", "u-4");
        users("emailDomain", "acme.example", "u-1", "u-2", "u-4", "u-5");
        users("managed", "false", "u-3");
        as(tenant).queryParam("emailDomain", "ACME.example").queryParam("mfaEnabled", "true")
                .queryParam("status", "active").get("/api/v1/users").then().body("items.accountId", contains("u-1", "u-4"));
    }

    @Test
    void cursorPaginationWalksEverySortInOrderWithoutGapsOrRepeats() {
        for (String sort : List.of("accountId", "-accountId", "email", "-email", "lastActive", "-displayName")) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                var req = as(tenant).queryParam("limit", "2").queryParam("sort", sort);
                if (cursor != null) {
                    req.queryParam("cursor", cursor);
                }
                var body = req.get("/api/v1/users").then().statusCode(200).extract().jsonPath();
                seen.addAll(body.getList("items.accountId"));
                cursor = body.getString("nextCursor");
            } while (cursor != null);
            List<String> all = as(tenant).queryParam("sort", sort).get("/api/v1/users").then().extract().jsonPath()
                    .getList("items.accountId");
            org.assertj.core.api.Assertions.assertThat(seen).as(sort).hasSize(5).isEqualTo(all);
        }
        as(tenant).queryParam("sort", "-accountId").get("/api/v1/users").then()
                .body("items.accountId", contains("u-5", "u-4", "u-3", "u-2", "u-1")).body("nextCursor", nullValue());
        as(tenant).queryParam("sort", "email").get("/api/v1/users").then()
                .body("items[0].email", equalTo("ana@acme.example"));
    }

    @Test
    void appAndTokenFilters() {
        as(tenant).queryParam("siteId", "site-1").get("/api/v1/installed-apps").then()
                .body("items.appKey", contains("a.one", "b.two"));
        as(tenant).queryParam("vendor", "Acme").queryParam("enabled", "true").get("/api/v1/installed-apps").then()
                .body("items.appKey", contains("a.one", "c.three"));
        as(tenant).queryParam("userInstalled", "false").get("/api/v1/installed-apps").then()
                .body("items.appKey", contains("b.two"));
        as(tenant).queryParam("scope", "ADMIN").get("/api/v1/installed-apps").then()
                .body("items.appKey", contains("b.two"));
        as(tenant).queryParam("expiringWithinDays", "30").get("/api/v1/api-tokens").then()
                .body("items.tokenId", contains("tok-soon"));
        as(tenant).queryParam("unusedForDays", "30").get("/api/v1/api-tokens").then()
                .body("items.tokenId", contains("tok-later", "tok-never"));
        as(tenant).queryParam("sort", "-expiresAt").get("/api/v1/api-tokens").then()
                .body("items.tokenId", contains("tok-later", "tok-soon", "tok-never"));
    }

    @Test
    void badParametersAnswer400NamingTheParameter() {
        List<List<String>> bad = List.of(List.of("/api/v1/users", "limit", "0"), List.of("/api/v1/users", "limit", "x"),
                List.of("/api/v1/users", "limit", "1001"), List.of("/api/v1/users", "sort", "password"),
                List.of("/api/v1/users", "cursor", "!!!"), List.of("/api/v1/users", "mfaEnabled", "yes"),
                List.of("/api/v1/users", "dormantDays", "-1"), List.of("/api/v1/users", "includeDeleted", "1"),
                List.of("/api/v1/api-tokens", "expiringWithinDays", "soon"),
                List.of("/api/v1/installed-apps", "enabled", "maybe"),
                List.of("/api/v1/confluence-spaces", "anonymousAccess", "x"),
                List.of("/api/v1/entities/user/u-1/history", "cursor", "%%"));
        for (List<String> b : bad) {
            as(tenant).queryParam(b.get(1), b.get(2)).get(b.get(0)).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(b.get(1)));
        }
        String emailCursor = as(tenant).queryParam("limit", "1").queryParam("sort", "email").get("/api/v1/users")
                .then().extract().path("nextCursor");
        as(tenant).queryParam("cursor", emailCursor).queryParam("sort", "accountId").get("/api/v1/users").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
        as(tenant).get("/api/v1/entities/spaceship/x").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() {
        given().get("/api/v1/users").then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByStranger(tenant)).get("/api/v1/users").then().statusCode(401);
        given().auth().oauth2(TestTokens.token(tenant, "some-other-role")).get("/api/v1/overview").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).get("/api/v1/users").then().statusCode(200);
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        // on the management port (the API port serves no /q path: see attack/ManagementExposureAttackTest)
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200);
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200);
        given().port(management.getPort()).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/users'.get.parameters.name", org.hamcrest.Matchers.hasItem("dormantDays"));
    }
}
