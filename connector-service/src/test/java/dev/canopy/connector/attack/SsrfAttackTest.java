package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.check;
import static dev.canopy.connector.attack.Attacks.connection;
import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.site;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Issue 12 item 1: a tenant admin points the connector at internal targets. Every outbound call (admin base URL, site
 * URLs, redirects, pagination links, download links) must pass the egress guard; refusals are decided by the guard
 * (the test resolver maps names to internal addresses), never by connecting anywhere but loopback. Literal targets
 * are loopback or names under {@code .invalid} (never resolvable), so even a regression cannot send traffic elsewhere.
 */
@QuarkusTest
@TestProfile(AttackProfile.class)
class SsrfAttackTest {
    private FakeAtlassian fake;
    private String token;

    @BeforeEach
    void start() {
        fake = FakeAtlassian.start();
        token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("ssrf"));
        // a well-behaved org on the allowed, loopback-pinned test host
        fake.json("/admin/v1/orgs/" + Attacks.ORG + "/users", 200, "{\"data\":[]}");
        fake.json("/admin/v1/orgs/" + Attacks.ORG + "/policies", 200, "{\"data\":[]}");
        fake.json("/admin/api-access/v1/orgs/" + Attacks.ORG + "/api-tokens", 200, "{\"data\":[]}");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8083", "http://[::1]:8083", "http://localhost.:8083", "http://LOCALHOST:8083",
            "http://[::ffff:127.0.0.1]:8083", "http://[::ffff:7f00:1]:8083", "http://2130706433:8083", "http://0x7f.1:8083",
            "http://127.1:8083", "https://evil.invalid", "https://acme.atlassian.net.evil.invalid",
            "https://atlassian.net", "http://user:pw@sim.canopy.test", "file:///etc/passwd", "gopher://sim.canopy.test"})
    void disallowedAdminBaseUrlIsRefusedAtCreateNamingTheField(String url) {
        var response = post(token, connection(url, List.of()));
        assertThat(response.statusCode()).as(url + " → " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).contains("adminBaseUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8083", "http://[::1]:8083", "http://localhost.:8083",
            "http://[::ffff:7f00:1]", "https://metadata.internal.invalid", "https://evil.invalid/site"})
    void disallowedSiteUrlIsRefusedAtCreateNamingTheField(String url) {
        var response = post(token, connection(fake.url("sim.canopy.test"), List.of(site(url, "t"))));
        assertThat(response.statusCode()).as(url + " → " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).contains("sites[0].url");
    }

    /** Allowed by name, refused by address: the guard resolves and refuses; nothing is ever sent there. */
    @ParameterizedTest
    @ValueSource(strings = {"internal.canopy.test", "private172.canopy.test", "linklocal.canopy.test",
            "metadata.canopy.test", "cgnat.canopy.test", "mapped.canopy.test", "mappedloop.canopy.test",
            "ula.canopy.test", "nat64.canopy.test", "v6loop.canopy.test", "loop.canopy.test"})
    void namesResolvingToInternalAddressesAreRefusedBeforeConnecting(String name) {
        var response = post(token, connection("http://" + name + ":" + fake.port(), List.of()));
        assertThat(response.statusCode()).as(response.asString()).isIn(201, 202);
        JsonPath c = verified(token, response.path("id"));
        Map<String, Object> users = check(c, "admin-users");
        assertThat(users.get("ok")).isEqualTo(false);
        assertThat(users.get("status")).as("no status code of an internal target is reported").isNull();
        assertThat((String) users.get("reason")).startsWith("refused by egress policy").contains(name);
        assertThat(TestResolver.LOOKUPS).contains(name);
        assertThat(fake.seen).as("loopback names other than the pinned ones are never connected").isEmpty();
    }

    @Test
    void anAllowedHostIsReachedThroughThePinnedAddress() {
        var response = post(token, connection(fake.url("sim.canopy.test"), List.of()));
        JsonPath c = verified(token, response.path("id"));
        assertThat(check(c, "admin-users").get("ok")).as(c.prettify()).isEqualTo(true);
        assertThat(fake.seenOn("/admin/v1/orgs/")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.host()).isEqualTo("sim.canopy.test:" + fake.port()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://internal.canopy.test:%d/steal", "http://127.0.0.1:%d/steal",
            "http://metadata.canopy.test/latest/meta-data", "http://evil.invalid:%d/steal", "file:///etc/passwd"})
    void aRedirectFromAnAllowedHostToADisallowedOneIsNotFollowed(String location) {
        String to = location.formatted(fake.port());
        fake.on("/admin/v1/orgs/" + Attacks.ORG + "/users",
                r -> r.response().setStatusCode(302).putHeader("location", to).end());
        var response = post(token, connection(fake.url("sim.canopy.test"), List.of()));
        JsonPath c = verified(token, response.path("id"));
        Map<String, Object> users = check(c, "admin-users");
        assertThat(fake.seenOn("/admin/v1/orgs/")).as("the allowed host was asked").isNotEmpty();
        assertThat(fake.seenOn("/steal")).as("the redirect was not followed").isEmpty();
        assertThat(users.get("ok")).isEqualTo(false);
        assertThat((String) users.get("reason")).startsWith("refused by egress policy");
    }

    @Test
    void aRedirectToAnotherAllowedOriginIsFollowedWithoutTheCredential() {
        fake.on("/admin/v1/orgs/" + Attacks.ORG + "/users", r -> r.response().setStatusCode(302)
                .putHeader("location", fake.url("media.canopy.test") + "/media/users.json?token=abc").end());
        fake.json("/media/users.json", 200, "{\"data\":[]}");
        var response = post(token, connection(fake.url("sim.canopy.test"), List.of()));
        JsonPath c = verified(token, response.path("id"));
        assertThat(check(c, "admin-users").get("ok")).as(c.prettify()).isEqualTo(true);
        assertThat(fake.seenOn("/admin/v1/orgs/" + Attacks.ORG + "/users")).allSatisfy(
                s -> assertThat(s.authorization()).isEqualTo("Bearer org-key-secret"));
        assertThat(fake.seenOn("/media/")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.host()).isEqualTo("media.canopy.test:" + fake.port());
            assertThat(s.authorization()).as("Authorization dropped when the origin changes").isNull();
        });
    }

    @Test
    void endlessRedirectsStop() {
        fake.on("/admin/v1/orgs/" + Attacks.ORG + "/users", r -> r.response().setStatusCode(302)
                .putHeader("location", "/admin/v1/orgs/" + Attacks.ORG + "/users?again=" + System.nanoTime()).end());
        var response = post(token, connection(fake.url("sim.canopy.test"), List.of()));
        JsonPath c = verified(token, response.path("id"));
        assertThat(check(c, "admin-users").get("ok")).isEqualTo(false);
        assertThat(fake.seenOn("/admin/v1/orgs/" + Attacks.ORG + "/users").size()).isBetween(2, 12);
    }

    @Test
    void paginationAndDownloadLinksToOtherHostsAreNotFollowed() {
        String users = "/admin/v1/orgs/" + Attacks.ORG + "/users";
        fake.json(users, 200, "{\"data\":[{\"account_id\":\"u1\",\"email\":\"a@acme.example\",\"name\":\"A\"}],"
                + "\"links\":{\"next\":\"http://127.0.0.1:" + fake.port() + "/steal-users\"}}");
        fake.json("/site/wiki/api/v2/attachments", 200, "{\"results\":[{\"id\":\"att1\",\"title\":\"a.txt\","
                + "\"mediaType\":\"text/plain\",\"fileSize\":10,\"version\":{\"number\":1,\"createdAt\":\"2024-01-01T00:00:00Z\"},"
                + "\"downloadLink\":\"http://internal.canopy.test:" + fake.port() + "/steal-download\"}],\"_links\":{}}");
        // Confluence is licensed on this site (the run probes it once before listing content)
        fake.json("/site/wiki/api/v2/spaces", 200, "{\"results\":[],\"_links\":{}}");
        var response = post(token, connection(fake.url("sim.canopy.test"),
                List.of(site(fake.url("sim.canopy.test") + "/site", "site-token"))));
        String id = response.path("id");
        verified(token, id);
        JsonPath run = Attacks.awaitRun(token, Attacks.trigger(token, id, "full"));
        assertThat(fake.seenOn("/steal")).as("no request left the allowed origin").isEmpty();
        assertThat(run.getList("errors").toString()).contains("refused by egress policy");
        assertThat(fake.seenOn("/site/wiki/api/v2/attachments")).as("the attachments listing was read").isNotEmpty();
    }
}
