package dev.canopy.console.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The tenant at a glance: connections and their syncs, open findings by severity and kind, newest critical ones. */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {
    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("overview.html")
    Template overview;

    @GET
    public TemplateInstance overview() {
        ConsoleSession s = user.session();
        return overview.data("s", s).data("nav", "overview")
                .data("connections", platform.plain(platform.get(s, Platform.CONNECTOR, "/api/v1/connections", null)))
                .data("counts", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/findings/counts", null)))
                .data("critical", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/findings",
                        Platform.query("severity", "critical", "status", FindingsResource.ACTIVE, "limit", "5"))
                        .path("items")));
    }
}
