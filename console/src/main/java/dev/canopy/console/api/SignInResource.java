package dev.canopy.console.api;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.canopy.console.config.ConsoleConfig;
import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.domain.RoleMapping;
import dev.canopy.console.domain.Sessions;
import dev.canopy.contracts.rest.Roles;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * Sign-in and sign-out. OIDC (authorization-code flow through quarkus-oidc) when configured; the local sign-in for
 * the demo tenant only when {@code CONSOLE_LOCAL_SIGN_IN=true} (what {@code bin/canopy-local} sets) and refused
 * otherwise. Either way the console creates its own session from the verified sign-in.
 */
@Path("/")
@Blocking
public class SignInResource {
    /** Double-submit token of the sign-in form (there is no session yet to bind it to). */
    static final String SIGNIN_COOKIE = "canopy_console_signin";

    @Inject
    ConsoleConfig config;
    @Inject
    Sessions sessions;
    @Inject
    CurrentUser user;
    @Inject
    @Location("signin.html")
    Template signin;
    @Inject
    @Location("signed-in.html")
    Template continuePage;
    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    @Path("signin")
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        String token = Sessions.randomToken();
        return Response.ok(signin.data("s", null).data("nav", "").data("csrf", token)
                        .data("local", config.localSignIn().enabled()).data("tenants", config.localSignIn().tenants())
                        .data("oidc", config.oidc().enabled()).render())
                .cookie(Cookies.of(SIGNIN_COOKIE, token, Duration.ofMinutes(30), config.session().secureCookie()))
                .build();
    }

    @POST
    @Path("signin/local")
    @Produces(MediaType.TEXT_HTML)
    public Response local(@FormParam("tenant") String tenant, @FormParam("role") String role,
            @FormParam("_csrf") String csrf, @CookieParam(SIGNIN_COOKIE) String expected) {
        if (!config.localSignIn().enabled()) {
            throw new ConsoleError(403, "Local sign-in is disabled",
                    "The local sign-in exists only for bin/canopy-local (CONSOLE_LOCAL_SIGN_IN=true). Sign in through "
                            + "your identity provider instead.");
        }
        if (csrf == null || expected == null || !MessageDigest.isEqual(csrf.getBytes(), expected.getBytes())) {
            throw new ConsoleError(403, "This form has expired", "Reload the sign-in page and try again.");
        }
        String t = tenant == null || tenant.isBlank() ? config.localSignIn().tenants().get(0) : tenant;
        if (!config.localSignIn().tenants().contains(t)) {
            throw new ConsoleError(400, "Unknown tenant", "Choose one of " + config.localSignIn().tenants() + ".");
        }
        Set<String> roles = "admin".equals(role) ? Set.of(Roles.TENANT_ADMIN, Roles.TENANT_READER)
                : Set.of(Roles.TENANT_READER);
        ConsoleSession s = sessions.create(t, "local-" + ("admin".equals(role) ? "admin" : "reader"),
                "local " + ("admin".equals(role) ? "admin" : "reader"), roles, "local");
        return signedIn(s);
    }

    @GET
    @Path("signin/oidc")
    public Response oidcStart() {
        if (!config.oidc().enabled()) {
            throw new ConsoleError(404, "Single sign-on is not configured",
                    "The operator has not configured an identity provider (CONSOLE_OIDC_ENABLED and the "
                            + "QUARKUS_OIDC_* settings).");
        }
        return Response.seeOther(URI.create("/auth/oidc")).build();
    }

    /** quarkus-oidc runs the authorization-code flow before this runs; the ID token is verified by then. */
    @GET
    @Path("auth/oidc")
    @Authenticated
    public Response oidcDone() {
        if (!config.oidc().enabled()) {
            throw new ConsoleError(404, "Single sign-on is not configured", "");
        }
        Object tenantClaim = idToken.getClaim(config.oidc().tenantClaim());
        String tenant = tenantClaim == null ? "" : String.valueOf(tenantClaim).replaceAll("^\"|\"$", "");
        Set<String> roles = RoleMapping.map(claimValues(idToken.getClaim(config.oidc().rolesClaim())),
                config.oidc().roleMap().orElse(List.of()));
        if (tenant.isBlank() || roles.isEmpty()) {
            throw new ConsoleError(403, "Your account has no Canopy access",
                    "Your identity provider signed you in, but your account carries no tenant (claim '"
                            + config.oidc().tenantClaim() + "') or no role that maps to tenant-reader or tenant-admin "
                            + "(claim '" + config.oidc().rolesClaim() + "'). Ask your operator to grant access.");
        }
        String name = idToken.getClaim("email") != null ? String.valueOf(idToken.<Object>getClaim("email"))
                : idToken.getSubject();
        ConsoleSession session = sessions.create(tenant, idToken.getSubject(), name, roles, "oidc");
        // This request is the end of a redirect chain that began at the IdP (cross-site): a SameSite=Strict cookie set
        // here would not be sent with a redirect to "/". A page of ours that moves on is a same-site navigation.
        return Response.ok(continuePage.data("s", null).data("nav", "").render(), MediaType.TEXT_HTML_TYPE)
                .cookie(Cookies.of(SessionFilter.COOKIE, session.id(), config.session().maxAge(),
                        config.session().secureCookie()))
                .build();
    }

    @POST
    @Path("signout")
    public Response signOut(@FormParam("_csrf") String csrf) {
        ConsoleSession s = user.sessionOrNull();
        if (s != null && Sessions.csrfMatches(s, csrf)) {
            sessions.end(s.id());
        }
        return Response.seeOther(URI.create("/signin"))
                .cookie(Cookies.expired(SessionFilter.COOKIE, config.session().secureCookie())).build();
    }

    private Response signedIn(ConsoleSession s) {
        return Response.seeOther(URI.create("/"))
                .cookie(Cookies.of(SessionFilter.COOKIE, s.id(), config.session().maxAge(), config.session().secureCookie()),
                        Cookies.expired(SIGNIN_COOKIE, config.session().secureCookie()))
                .build();
    }

    private static Collection<String> claimValues(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v).replaceAll("^\"|\"$", "")));
        } else if (claim instanceof jakarta.json.JsonArray a) {
            a.forEach(v -> out.add(v.toString().replaceAll("^\"|\"$", "")));
        } else if (claim != null) {
            for (String v : String.valueOf(claim).replaceAll("^\"|\"$", "").split("[ ,]+")) {
                if (!v.isBlank()) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
