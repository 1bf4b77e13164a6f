package dev.canopy.console.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.canopy.console.platform.ServiceError;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/** Errors as pages that say what happened and what to do, with the answer's status code. */
public class ErrorPages {
    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Inject
    @Location("error.html")
    Template error;
    @Inject
    CurrentUser user;

    @ServerExceptionMapper
    public Response console(ConsoleError e) {
        return page(e.status(), e.title(), e.detail());
    }

    @ServerExceptionMapper
    public Response service(ServiceError e) {
        String hint = switch (e.status()) {
            case 400 -> "Correct the highlighted value and submit again.";
            case 401 -> "The " + e.service() + " service did not accept the console's token: check that the console "
                    + "signs with the key pair the services trust (CONSOLE_TOKEN_PRIVATE_KEY).";
            case 403 -> "Your role does not allow this.";
            case 404 -> "It may have been deleted, or it belongs to another tenant.";
            case 409 -> "Its state changed meanwhile: reload the page.";
            default -> "";
        };
        String detail = e.detail() == null || e.detail().isBlank() ? hint : e.detail() + " " + hint;
        int status = e.status() >= 500 ? 502 : e.status();
        return page(status, e.title(), detail.trim());
    }

    /** Unknown pages, wrong methods and the like: the framework's status with a page instead of a bare answer. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return status == 404 ? page(404, "Page not found", "Use the navigation above.")
                : page(status, "Request not accepted", "Go back and try again from the page's own forms and links.");
    }

    /** Anything unexpected: logged here, a generic page there (no class names, no messages of libraries). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error while rendering a page", e);
        return page(500, "Something went wrong", "The console could not show this page. Try again; if it persists, "
                + "the operator finds the cause in the console's log.");
    }

    private Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("s", user.sessionOrNull()).data("status", status).data("title", title)
                        .data("detail", detail).data("nav", "").render())
                .build();
    }
}
