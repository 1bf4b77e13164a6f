package dev.canopy.console.api;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.canopy.console.domain.Sessions;

/**
 * Resolves the session cookie to a server-side session; every page but sign-in needs one (else a redirect to the
 * sign-in page). The cookie carries only the session id.
 */
public class SessionFilter {
    public static final String COOKIE = "canopy_console";

    @Inject
    Sessions sessions;
    @Inject
    CurrentUser user;

    @ServerRequestFilter
    public Response resolve(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(COOKIE);
        sessions.find(cookie == null ? null : cookie.getValue()).ifPresent(user::set);
        String path = request.getUriInfo().getPath();
        boolean open = path.startsWith("/signin") || path.startsWith("/auth/");
        if (!open && user.sessionOrNull() == null) {
            return Response.seeOther(URI.create("/signin")).build();
        }
        return null;
    }
}
