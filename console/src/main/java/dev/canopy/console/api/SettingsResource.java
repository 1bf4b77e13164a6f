package dev.canopy.console.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.console.domain.ConsoleSession;
import dev.canopy.console.platform.Platform;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * Posture checks (catalogue, thresholds, mutes) and DLP (built-ins on/off, custom rules, gitleaks import, test a sample
 * with all detectors or one rule).
 */
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

    /** Longest gitleaks TOML the import box sends (the findings service has its own, larger limit). */
    static final int MAX_TOML = 200_000;
    /** Longest threshold value accepted from the form (lists of strings are comma-separated). */
    static final int MAX_THRESHOLD_TEXT = 4_000;
    static final String THRESHOLD_FIELD = "threshold.";

    @GET
    @Path("posture")
    public TemplateInstance posture(@QueryParam("done") String done) {
        ConsoleSession s = user.session();
        return posture.data("s", s).data("nav", "posture").data("done", "thresholds".equals(done) ? done : null)
                .data("checks", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/posture/checks", null)))
                .data("thresholds", thresholdRows(platform.get(s, Platform.FINDINGS, "/api/v1/posture/config", null)));
    }

    /** A threshold as the form shows it: default and override as text (lists comma-separated, no override blank). */
    public record ThresholdRow(String name, String description, String defaultText, String valueText) {
    }

    static List<ThresholdRow> thresholdRows(JsonNode config) {
        List<ThresholdRow> rows = new java.util.ArrayList<>();
        for (JsonNode t : config.path("thresholds")) {
            String name = t.path("name").asText();
            JsonNode override = config.path("overrides").path(name);
            rows.add(new ThresholdRow(name, t.path("description").asText(""), text(t.path("defaultValue")),
                    override.isMissingNode() || override.isNull() ? "" : text(override)));
        }
        return rows;
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            v.forEach(x -> items.add(x.asText()));
            return String.join(", ", items);
        }
        return v.isNull() || v.isMissingNode() ? "" : v.asText();
    }

    /**
     * Replaces the threshold overrides: one field {@code threshold.<name>} per threshold; blank keeps the default, a
     * whole number stays a number, anything else becomes a comma-separated list. The findings service validates
     * (400 naming the threshold, shown as the error page).
     */
    @POST
    @Path("posture/thresholds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response thresholds(MultivaluedMap<String, String> form) {
        ConsoleSession s = user.authorizeChange(form.getFirst("_csrf"));
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (String key : form.keySet()) {
            String value = form.getFirst(key);
            if (!key.startsWith(THRESHOLD_FIELD) || value == null || value.isBlank()) {
                continue;
            }
            String name = key.substring(THRESHOLD_FIELD.length());
            if (overrides.size() >= 100 || name.length() > 100 || value.length() > MAX_THRESHOLD_TEXT) {
                throw new ConsoleError(400, "Threshold too long", "'" + name.substring(0, Math.min(100, name.length()))
                        + "' is longer than " + MAX_THRESHOLD_TEXT + " characters: shorten it and save again.");
            }
            String v = value.strip();
            overrides.put(name, v.matches("-?\\d{1,18}") ? (Object) Long.valueOf(v) : commaSeparated(v));
        }
        platform.put(s, Platform.FINDINGS, "/api/v1/posture/config/thresholds", overrides);
        return Response.seeOther(URI.create("/posture?done=thresholds")).build();
    }

    @POST
    @Path("posture/{checkId}/mute")
    public Response mute(@PathParam("checkId") String checkId, @FormParam("_csrf") String csrf,
            @FormParam("reason") String reason) {
        ConsoleSession s = user.authorizeChange(csrf);
        required(reason, "A reason is required", "Say why this check does not apply and submit again.");
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
    public TemplateInstance dlp(@QueryParam("test") String test, @QueryParam("done") String done) {
        return dlpPage(user.session(), null, "", test, done);
    }

    /** Adds a custom rule (RE2 regex, keywords, severity); the findings service validates each field (400 names it). */
    @POST
    @Path("dlp/rules")
    public Response addRule(@FormParam("_csrf") String csrf, @FormParam("ruleId") String id,
            @FormParam("title") String title, @FormParam("regex") String regex,
            @FormParam("keywords") String keywords, @FormParam("minOccurrences") String minOccurrences,
            @FormParam("severity") String severity) {
        ConsoleSession s = user.authorizeChange(csrf);
        if (regex == null || regex.isBlank() || id == null || id.isBlank()) {
            throw new ConsoleError(400, "An id and a pattern are required", "Give the rule an id (letters, digits, "
                    + "'-', '_', '.') and an RE2 regular expression, then save again.");
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", bounded(id.strip(), 64, "id"));
        rule.put("title", title == null || title.isBlank() ? id.strip() : bounded(title.strip(), 200, "title"));
        rule.put("regex", bounded(regex, 2000, "pattern"));
        rule.put("keywords", keywords == null ? List.of()
                : commaSeparated(bounded(keywords, 20_000, "keywords")).stream().limit(1000).toList());
        if (minOccurrences != null && minOccurrences.matches("\\d{1,4}")) {
            rule.put("minOccurrences", Integer.valueOf(minOccurrences));
        }
        rule.put("severity", severity == null || severity.isBlank() ? "HIGH" : bounded(severity, 16, "severity"));
        platform.post(s, Platform.FINDINGS, "/api/v1/dlp/rules", null, rule);
        return Response.seeOther(URI.create("/dlp?done=rule-added&test=" + Platform.segment("custom:" + id.strip())))
                .build();
    }

    @POST
    @Path("dlp/rules/{id}/delete")
    public Response deleteRule(@PathParam("id") String id, @FormParam("_csrf") String csrf) {
        ConsoleSession s = user.authorizeChange(csrf);
        platform.delete(s, Platform.FINDINGS, "/api/v1/dlp/rules/" + Platform.segment(id));
        return Response.seeOther(URI.create("/dlp?done=rule-deleted")).build();
    }

    /** Imports a gitleaks configuration pasted as TOML; the page lists the rules that cannot run here, with why. */
    @POST
    @Path("dlp/rulesets")
    public TemplateInstance importRuleSet(@FormParam("_csrf") String csrf, @FormParam("name") String name,
            @FormParam("toml") String toml) {
        ConsoleSession s = user.authorizeChange(csrf);
        required(toml, "The rule set is empty", "Paste a gitleaks configuration (TOML with [[rules]] entries) and "
                + "import again.");
        String setName = name == null || name.isBlank() ? "gitleaks" : bounded(name.strip(), 100, "name");
        JsonNode imported = platform.postText(s, Platform.FINDINGS, "/api/v1/dlp/rulesets",
                Platform.query("name", setName), bounded(toml, MAX_TOML, "rule set"), "application/toml");
        return dlpPage(s, null, "", null, null).data("imported", platform.plain(imported));
    }

    /** The non-empty, stripped items of a comma-separated form field. */
    private static List<String> commaSeparated(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static void required(String value, String title, String detail) {
        if (value == null || value.isBlank()) {
            throw new ConsoleError(400, title, detail);
        }
    }

    private static String bounded(String value, int max, String field) {
        if (value.length() > max) {
            throw new ConsoleError(400, "The " + field + " is too long", "Keep the " + field + " under " + max
                    + " characters and submit again.");
        }
        return value;
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
    public TemplateInstance scan(@FormParam("_csrf") String csrf, @FormParam("text") String text,
            @FormParam("only") String only) {
        ConsoleSession s = user.authorizePost(csrf);
        String sample = text == null ? "" : text.length() > MAX_SAMPLE ? text.substring(0, MAX_SAMPLE) : text;
        if (sample.isBlank()) {
            throw new ConsoleError(400, "The sample is empty", "Paste the text to test into the box.");
        }
        JsonNode result = platform.post(s, Platform.FINDINGS, "/api/v1/dlp/scan", null, Map.of("text", sample));
        String rule = only == null || only.isBlank() || only.length() > 100 ? null : only;
        if (rule != null) {
            // "test this rule": the scan runs the tenant's saved detectors; keep only the matches of the one rule
            com.fasterxml.jackson.databind.node.ArrayNode kept = ((com.fasterxml.jackson.databind.node.ObjectNode) result)
                    .putArray("kept");
            result.path("matches").forEach(m -> {
                if (rule.equals(m.path("detector").asText())) {
                    kept.add(m);
                }
            });
            ((com.fasterxml.jackson.databind.node.ObjectNode) result).set("matches", kept);
        }
        // the sample is not echoed back: it may hold a live secret (only masked matches reach the page)
        return dlpPage(s, platform.plain(result), "", rule, null);
    }

    private TemplateInstance dlpPage(ConsoleSession s, Object scan, String sample, String test, String done) {
        return dlp.data("s", s).data("nav", "dlp").data("scan", scan).data("sample", sample)
                .data("test", test == null || test.length() > 100 ? "" : test)
                .data("testRule", test != null && test.startsWith("custom:") && test.length() <= 100 ? test.substring(7) : "")
                .data("done", done == null || !done.matches("[a-z-]{1,20}") ? null : done).data("imported", null)
                .data("config", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/dlp/config", null)))
                .data("detectors", platform.plain(platform.get(s, Platform.FINDINGS, "/api/v1/dlp/detectors", null)));
    }
}
