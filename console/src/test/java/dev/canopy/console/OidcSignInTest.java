package dev.canopy.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The authorization-code flow end to end against {@link FakeIdentityProvider}: quarkus-oidc redirects to the IdP,
 * exchanges the code, verifies the ID token; the console maps tenant and groups to a session of its own. A user whose
 * groups map to no Canopy role is refused with a page that says so.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.Oidc.class)
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FakeIdentityProvider.class, restrictToAnnotatedClass = true)
class OidcSignInTest {
    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.authentication.cookie-same-site", "lax");
        }
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    /** Follows redirects by hand (cookies kept), answers the last response. */
    HttpResponse<String> browse(HttpClient http, String url) throws Exception {
        URI uri = URI.create(url);
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 3) {
                return r;
            }
            uri = uri.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("too many redirects");
    }

    static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    }

    @Test
    void signsInThroughTheIdentityProviderWithTenantAndMappedRole() throws Exception {
        FakeIdentityProvider.groups = List.of("sec-admins");
        HttpClient http = client();
        String base = root.toString().replaceAll("/$", "");
        HttpResponse<String> signedIn = browse(http, base + "/signin/oidc");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).contains("Signed in");
        assertThat(signedIn.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("canopy_console=")
                && c.contains("HttpOnly") && c.toLowerCase().contains("samesite=strict"));
        HttpResponse<String> overview = browse(http, base + "/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<h1>Overview</h1>").contains("alice@example.com")
                .contains("<strong id=\"tenant\">acme</strong>").contains("tenant-admin");
    }

    @Test
    void aUserWithoutAMappedRoleIsRefused() throws Exception {
        FakeIdentityProvider.groups = List.of("marketing");
        HttpResponse<String> refused = browse(client(), root.toString().replaceAll("/$", "") + "/signin/oidc");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Your account has no Canopy access");
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("canopy_console="));
    }
}
