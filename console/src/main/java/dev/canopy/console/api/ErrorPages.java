package dev.canopy.console.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.canopy.console.platform.ServiceError;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/** Errors as pages that say what happened and what to do, with the answer's status code. */
public class ErrorPages {
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

    private Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("s", user.sessionOrNull()).data("status", status).data("title", title)
                        .data("detail", detail).data("nav", "").render())
                .build();
    }
}
