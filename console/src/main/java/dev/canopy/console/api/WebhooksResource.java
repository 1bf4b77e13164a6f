package dev.canopy.console.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Webhook subscriptions (the signing secret is shown once, at creation), test sends, deliveries and replay. */
@Path("/webhooks")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class WebhooksResource {
    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("webhooks.html")
    Template list;
    @Inject
    @Location("webhook-created.html")
    Template created;

    @GET
    public TemplateInstance list(@QueryParam("state") String state, @QueryParam("cursor") String cursor,
            @QueryParam("done") String done) {
        ConsoleSession s = user.session();
        JsonNode deliveries = platform.get(s, Platform.NOTIFIER, "/api/v1/webhooks/deliveries",
                Platform.query("state", state, "cursor", cursor, "limit", "25"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("state", state == null ? "" : state);
        String next = deliveries.path("nextCursor").isTextual() ? deliveries.path("nextCursor").asText() : null;
        return list.data("s", s).data("nav", "webhooks").data("done", done).data("state", filters.get("state"))
                .data("subscriptions", platform.plain(platform.get(s, Platform.NOTIFIER,
                        "/api/v1/webhooks/subscriptions", null)))
                .data("deliveries", platform.plain(deliveries.path("items")))
                .data("next", next == null ? null : Pages.link("/webhooks", filters, "cursor", next))
                .data("first", cursor == null ? null : Pages.link("/webhooks", filters, null, null));
    }

    @POST
    public TemplateInstance create(@FormParam("_csrf") String csrf, @FormParam("url") String url,
            @FormParam("description") String description, @FormParam("minSeverityId") String minSeverityId) {
        ConsoleSession s = user.authorizeChange(csrf);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url == null ? null : url.strip());
        if (description != null && !description.isBlank()) {
            body.put("description", description.strip());
        }
        if (minSeverityId != null && minSeverityId.matches("[0-6]")) {
            body.put("minSeverityId", Integer.parseInt(minSeverityId));
        }
        JsonNode answer = platform.post(s, Platform.NOTIFIER, "/api/v1/webhooks/subscriptions", null, body);
        // the only time the secret is visible: the notifier keeps it encrypted and never returns it again
        return created.data("s", s).data("nav", "webhooks").data("sub", platform.plain(answer.path("subscription")))
                .data("secret", answer.path("secret").asText());
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id, @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        platform.post(s, Platform.NOTIFIER, "/api/v1/webhooks/subscriptions/" + Platform.segment(id) + "/test", null, null);
        return Response.seeOther(URI.create("/webhooks?done=test")).build();
    }

    @POST
    @Path("deliveries/{id}/replay")
    public Response replay(@PathParam("id") String id, @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        platform.post(s, Platform.NOTIFIER, "/api/v1/webhooks/deliveries/" + Platform.segment(id) + "/replay", null, null);
        return Response.seeOther(URI.create("/webhooks?done=replay")).build();
    }
}
