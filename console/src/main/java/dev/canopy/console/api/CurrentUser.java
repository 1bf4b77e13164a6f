package dev.canopy.console.api;

import jakarta.enterprise.context.RequestScoped;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.domain.Sessions;
import dev.canopy.contracts.rest.Roles;

/** The session of this request (set by {@link SessionFilter}); pages ask it before every change. */
@RequestScoped
public class CurrentUser {
    private ConsoleSession session;

    void set(ConsoleSession session) {
        this.session = session;
    }

    /** The signed-in session, or null on the sign-in pages. */
    public ConsoleSession sessionOrNull() {
        return session;
    }

    public ConsoleSession session() {
        if (session == null) {
            throw new ConsoleError(401, "Please sign in", "Your session has ended. Sign in again to continue.");
        }
        return session;
    }

    /** A form POST that changes nothing (e.g. a DLP test scan): only the session's CSRF token is needed. */
    public ConsoleSession authorizePost(String csrf) {
        ConsoleSession s = session();
        if (!Sessions.csrfMatches(s, csrf)) {
            throw new ConsoleError(403, "This form has expired",
                    "The form was not sent from this console session (missing or stale security token). "
                            + "Reload the page and submit it again.");
        }
        return s;
    }

    /**
     * Every form POST that changes something: the form must carry this session's CSRF token, and only a tenant-admin may change anything.
     * A reader who posts anyway gets a 403 page that says why.
     */
    public ConsoleSession authorizeChange(String csrf) {
        ConsoleSession s = authorizePost(csrf);
        if (!s.admin()) {
            throw new ConsoleError(403, "Your role cannot make changes",
                    "You are signed in as " + Roles.TENANT_READER + " of tenant '" + s.tenant() + "': you can view "
                            + "everything but change nothing. Ask a " + Roles.TENANT_ADMIN + " of your tenant to do it.");
        }
        return s;
    }
}
