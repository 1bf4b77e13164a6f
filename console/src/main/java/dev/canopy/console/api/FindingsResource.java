package dev.canopy.console.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * Findings: filtered, paginated list; detail with masked evidence, remediation and history; suppress/unsuppress and
 * resolve.
 */
@Path("/findings")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class FindingsResource {
    static final int PAGE_SIZE = 25;
    /** The list's default: what still needs attention. */
    static final String ACTIVE = "open,reopened";

    @Inject
    Platform platform;
    @Inject
    CurrentUser user;
    @Inject
    @Location("findings.html")
    Template list;
    @Inject
    @Location("finding.html")
    Template detail;
    @Inject
    @Location("findings-bulk.html")
    Template bulkResult;

    /** At most this many findings per bulk action (a list page holds {@link #PAGE_SIZE}). */
    static final int MAX_BULK = 100;
    static final java.util.Set<String> BULK_ACTIONS = java.util.Set.of("suppress", "unsuppress", "resolve");

    /** What happened to one finding of a bulk action: the service decides per finding (role, tenant, state). */
    public record BulkOutcome(String id, boolean ok, String title, String status, String message) {
    }

    @GET
    public TemplateInstance list(@QueryParam("kind") String kind, @QueryParam("severity") String severity,
            @QueryParam("status") String status, @QueryParam("resource") String resource,
            @QueryParam("rule") String rule, @QueryParam("cursor") String cursor) {
        ConsoleSession s = user.session();
        String st = status == null ? ACTIVE : status;
        JsonNode page = platform.get(s, Platform.FINDINGS, "/api/v1/findings", Platform.query("kind", kind,
                "severity", severity, "status", st, "resource", resource, "rule", rule, "cursor", cursor,
                "limit", String.valueOf(PAGE_SIZE)));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("kind", kind == null ? "" : kind);
        filters.put("severity", severity == null ? "" : severity);
        filters.put("status", st);
        filters.put("resource", resource == null ? "" : resource);
        filters.put("rule", rule == null ? "" : rule);
        String next = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        return list.data("s", s).data("nav", "findings").data("max", MAX_BULK)
                .data("minDate", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()).data("items", platform.plain(page.path("items")))
                .data("f", filters).data("next", next == null ? null : Pages.link("/findings", filters, "cursor", next))
                .data("first", cursor == null ? null : Pages.link("/findings", filters, null, null));
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") String id, @QueryParam("done") String done) {
        ConsoleSession s = user.session();
        JsonNode f = platform.get(s, Platform.FINDINGS, "/api/v1/findings/" + Platform.segment(id), null);
        // only web links become links: the URL comes from synced data
        String src = f.path("srcUrl").asText("");
        String link = src.startsWith("https://") || src.startsWith("http://") ? src : null;
        return detail.data("s", s).data("nav", "findings").data("f", platform.plain(f)).data("done", done)
                .data("srcLink", link)
                .data("minDate", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString());
    }

    /**
     * Suppress, unsuppress or resolve several findings: one service call per finding, so the findings service
     * authorises each change (tenant-admin, the finding's tenant, a state that allows it); the page lists the outcome
     * of each.
     */
    @POST
    @Path("bulk")
    public TemplateInstance bulk(@FormParam("_csrf") String csrf, @FormParam("id") List<String> ids,
            @FormParam("action") String action, @FormParam("reason") String reason, @FormParam("until") String until) {
        ConsoleSession s = user.authorizeChange(csrf);
        if (action == null || !BULK_ACTIONS.contains(action)) {
            throw new ConsoleError(400, "Choose an action", "Pick suppress, unsuppress or resolve and submit again.");
        }
        List<String> selected = ids == null ? List.of() : ids.stream().filter(i -> i != null && !i.isBlank())
                .distinct().toList();
        if (selected.isEmpty()) {
            throw new ConsoleError(400, "No finding selected", "Tick the findings to change in the list's first "
                    + "column and submit again.");
        }
        if (selected.size() > MAX_BULK) {
            throw new ConsoleError(400, "Too many findings at once", "Select at most " + MAX_BULK
                    + " findings per action.");
        }
        Map<String, Object> body = "suppress".equals(action) ? suppressBody(reason, until) : reasonBody(reason);
        List<BulkOutcome> outcomes = new java.util.ArrayList<>();
        for (String id : selected) {
            if (id.length() > 64) {
                outcomes.add(new BulkOutcome(id.substring(0, 64), false, id.substring(0, 64), "", "not a finding id"));
                continue;
            }
            try {
                JsonNode f = platform.post(s, Platform.FINDINGS, "/api/v1/findings/" + Platform.segment(id) + "/"
                        + action, null, body);
                outcomes.add(new BulkOutcome(id, true, f.path("title").asText(id), f.path("status").asText(""), "done"));
            } catch (dev.canopy.console.platform.ServiceError e) {
                if (e.status() == 429 || e.status() >= 500) {
                    // the service is throttling or down: stop here rather than fail every remaining finding
                    outcomes.add(new BulkOutcome(id, false, id, "", e.title() + ". " + e.detail()));
                    break;
                }
                outcomes.add(new BulkOutcome(id, false, id, "", e.title() + (e.detail().isBlank() ? "" : ": " + e.detail())));
            }
        }
        long ok = outcomes.stream().filter(BulkOutcome::ok).count();
        return bulkResult.data("s", s).data("nav", "findings").data("action", action).data("outcomes", outcomes)
                .data("ok", ok).data("requested", selected.size()).data("failed", selected.size() - ok);
    }

    private static Map<String, Object> suppressBody(String reason, String until) {
        if (reason == null || reason.isBlank()) {
            throw new ConsoleError(400, "A reason is required", "Say why this finding is accepted (e.g. a test "
                    + "credential, rotated on a date) and submit again.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason.strip());
        if (until != null && !until.isBlank()) {
            try {
                body.put("until", LocalDate.parse(until).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            } catch (DateTimeParseException e) {
                throw new ConsoleError(400, "The expiry date is not a date", "Use the date picker (YYYY-MM-DD) or "
                        + "leave it empty to suppress until someone unsuppresses.");
            }
        }
        return body;
    }

    private static Map<String, Object> reasonBody(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
        return body;
    }

    @POST
    @Path("{id}/suppress")
    public Response suppress(@PathParam("id") String id, @FormParam("_csrf") String csrf,
            @FormParam("reason") String reason, @FormParam("until") String until) {
        ConsoleSession s = user.authorizeChange(csrf);
        Map<String, Object> body = suppressBody(reason, until);
        platform.post(s, Platform.FINDINGS, "/api/v1/findings/" + Platform.segment(id) + "/suppress", null, body);
        return Response.seeOther(URI.create("/findings/" + Platform.segment(id) + "?done=suppressed")).build();
    }

    @POST
    @Path("{id}/unsuppress")
    public Response unsuppress(@PathParam("id") String id, @FormParam("_csrf") String csrf,
            @FormParam("reason") String reason) {
        return change(id, csrf, reason, "unsuppress", "unsuppressed");
    }

    @POST
    @Path("{id}/resolve")
    public Response resolve(@PathParam("id") String id, @FormParam("_csrf") String csrf,
            @FormParam("reason") String reason) {
        return change(id, csrf, reason, "resolve", "resolved");
    }

    /** A lifecycle change with an optional reason, then back to the finding with a notice. */
    private Response change(String id, String csrf, String reason, String action, String done) {
        ConsoleSession s = user.authorizeChange(csrf);
        Map<String, Object> body = reasonBody(reason);
        platform.post(s, Platform.FINDINGS, "/api/v1/findings/" + Platform.segment(id) + "/" + action, null, body);
        return Response.seeOther(URI.create("/findings/" + Platform.segment(id) + "?done=" + done)).build();
    }
}
