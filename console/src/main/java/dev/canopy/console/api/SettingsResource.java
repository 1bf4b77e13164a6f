package dev.canopy.console.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Posture checks (catalogue, mutes) and DLP detectors (built-ins on/off, test a sample). */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SettingsResource {
    /** Longest sample the test box sends (the findings service bounds scans too). */
    static final int MAX_SAMPLE = 20_000;

    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("posture.html")
    Template posture;
    @Inject
    @Location("dlp.html")
    Template dlp;

    @GET
    @Path("posture")
    public TemplateInstance posture() {
        ConsoleSession s = user.session();
        return posture.data("s", s).data("nav", "posture")
                .data("checks", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/posture/checks", null)));
    }

    @POST
    @Path("posture/{checkId}/mute")
    public Response mute(@PathParam("checkId") String checkId, @FormParam("_csrf") String csrf,
            @FormParam("reason") String reason) {
        ConsoleSession s = user.authorizeChange(csrf);
        if (reason == null || reason.isBlank()) {
            throw new ConsoleError(400, "A reason is required", "Say why this check does not apply and submit again.");
        }
        platform.put(s, Platform.FINDINGS, "/api/v1/posture/checks/" + Platform.segment(checkId) + "/mute",
                Map.of("reason", reason.strip()));
        return Response.seeOther(URI.create("/posture")).build();
    }

    @POST
    @Path("posture/{checkId}/unmute")
    public Response unmute(@PathParam("checkId") String checkId, @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        platform.delete(s, Platform.FINDINGS, "/api/v1/posture/checks/" + Platform.segment(checkId) + "/mute");
        return Response.seeOther(URI.create("/posture")).build();
    }

    @GET
    @Path("dlp")
    public TemplateInstance dlp() {
        return dlpPage(user.session(), null, "");
    }

    @POST
    @Path("dlp/detectors/{id}/{action}")
    public Response toggle(@PathParam("id") String id, @PathParam("action") String action,
            @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        if (!List.of("enable", "disable").contains(action)) {
            throw new ConsoleError(404, "Page not found", "Use the buttons of the DLP page.");
        }
        platform.put(s, Platform.FINDINGS, "/api/v1/dlp/config/" + action + "d-builtins", Map.of("ids", List.of(id)));
        return Response.seeOther(URI.create("/dlp")).build();
    }

    /** Runs the tenant's detectors on a sample (reading, not changing: tenant-reader may too). */
    @POST
    @Path("dlp/scan")
    public TemplateInstance scan(@FormParam("_csrf") String csrf, @FormParam("text") String text) {
        ConsoleSession s = user.authorizePost(csrf);
        String sample = text == null ? "" : text.length() > MAX_SAMPLE ? text.substring(0, MAX_SAMPLE) : text;
        if (sample.isBlank()) {
            throw new ConsoleError(400, "The sample is empty", "Paste the text to test into the box.");
        }
        Object result = platform.plain(platform.post(s, Platform.FINDINGS, "/api/v1/dlp/scan", null,
                Map.of("text", sample)));
        return dlpPage(s, result, "");
    }

    private TemplateInstance dlpPage(ConsoleSession s, Object scan, String sample) {
        return dlp.data("s", s).data("nav", "dlp").data("scan", scan).data("sample", sample)
                .data("detectors", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/dlp/detectors", null)));
    }
}
