package dev.canopy.findings.api;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.Problem;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.dlp.limits.RuleLimits;
import dev.canopy.findings.api.DlpViews.AllowlistAuditView;
import dev.canopy.findings.api.DlpViews.AllowlistEntryView;
import dev.canopy.findings.api.DlpViews.AllowlistMarked;
import dev.canopy.findings.api.DlpViews.AllowlistRequest;
import dev.canopy.findings.api.DlpViews.AllowlistView;
import dev.canopy.findings.api.DlpViews.Budgets;
import dev.canopy.findings.api.DlpViews.BuiltInIds;
import dev.canopy.findings.api.DlpViews.ConfigView;
import dev.canopy.findings.api.DlpViews.DetectorView;
import dev.canopy.findings.api.DlpViews.RuleCaps;
import dev.canopy.findings.api.DlpViews.RuleRequest;
import dev.canopy.findings.api.DlpViews.ScanRequest;
import dev.canopy.findings.api.DlpViews.ScanResult;
import dev.canopy.findings.api.DlpViews.StatusView;
import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.dlp.DlpAllowlist;
import dev.canopy.findings.domain.dlp.DlpEngineStatus;
import dev.canopy.findings.domain.dlp.DlpLimits;
import dev.canopy.findings.domain.dlp.DlpScanning;
import dev.canopy.findings.domain.dlp.DlpSettings;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.RateLimited;
import io.smallrye.mutiny.Uni;

/**
 * The DLP API: HTTP concerns only (parameters, request bounds, views in {@link DlpViews}, problem answers). The
 * tenant's configuration goes through {@link DlpSettings}, the allowlist through {@link DlpAllowlist}, scans and the
 * engine status through {@link DlpScanning}; those open the connections and transactions.
 */
@Path("/api/v1/dlp")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class DlpResource {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String RULE_ID = "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}";

    @Inject
    CurrentTenant tenant;

    @Inject
    DlpSettings settings;

    @Inject
    DlpScanning scanning;

    @Inject
    DlpAllowlist allowlist;

    @Inject
    DlpLimits limits;

    @Inject
    DlpEngineStatus status;

    @Inject
    FindingsConfig config;

    @GET
    @Path("/detectors")
    @Operation(summary = "Built-in detectors and whether the tenant has them switched on")
    public Uni<List<DetectorView>> detectors() {
        return settings.detectors(tenant.id()).map(l -> l.stream().map(DlpViews::detector).toList());
    }

    @GET
    @Path("/config")
    @Operation(summary = "The tenant's DLP configuration: switched-off built-ins, custom rules, imported rule sets")
    public Uni<ConfigView> getConfig() {
        return settings.current(tenant.id()).map(DlpViews::config);
    }

    @PUT
    @Path("/config/disabled-builtins")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the set of built-in detectors switched off for the tenant")
    public Uni<ConfigView> disableBuiltIns(@Valid @NotNull BuiltInIds request) {
        return settings.replaceDisabledBuiltIns(tenant.id(), request.ids(), tenant.actor()).map(DlpViews::config);
    }

    @PUT
    @Path("/config/enabled-builtins")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the set of off-by-default built-in detectors switched on for the tenant",
            description = "Some built-ins are off by default because most teams do not want them paging anyone: "
                    + "test-mode API keys, private-range IP addresses, role mailboxes (see GET /detectors, "
                    + "enabledByDefault). Only those ids are accepted; a disabled id stays off.")
    public Uni<ConfigView> enableBuiltIns(@Valid @NotNull BuiltInIds request) {
        return settings.replaceEnabledBuiltIns(tenant.id(), request.ids(), tenant.actor()).map(DlpViews::config);
    }

    @POST
    @Path("/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Add a custom pattern", description = "RE2-syntax regex (linear time; no look-around or "
            + "backreferences), optional keywords that gate it, minimum occurrences per text, severity (LOW, MEDIUM, "
            + "HIGH, CRITICAL) and confidence. Invalid rules answer 400 naming each field. Findings use detector id "
            + "'custom:<id>'.")
    public Uni<Response> addRule(@Valid @NotNull RuleRequest request) {
        return settings.addRule(tenant.id(), request.toRule(), tenant.actor())
                .map(cfg -> Response.status(201).entity(DlpViews.config(cfg)).build());
    }

    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Remove a custom pattern")
    public Uni<ConfigView> deleteRule(@PathParam("id") @Size(max = 64) @Pattern(regexp = RULE_ID) String id) {
        return settings.deleteRule(tenant.id(), id, tenant.actor()).map(DlpViews::config);
    }

    @POST
    @Path("/rulesets")
    @Consumes({ MediaType.TEXT_PLAIN, "application/toml" })
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Import a gitleaks rule set (TOML upload)", description = "The body is a gitleaks "
            + "configuration file. Rules that cannot run here (e.g. path-only rules, patterns outside RE2) are "
            + "listed as rejected with the reason; the others become detectors of the tenant.")
    public Uni<Response> importRuleSet(@QueryParam("name") @DefaultValue("gitleaks") @Size(min = 1, max = 100)
            @Pattern(regexp = "[\\w .:()-]+") String name, String toml) {
        if (toml == null || toml.isBlank()) {
            throw ProblemException.badParameter("body", "a gitleaks TOML file is required");
        }
        int rulesetMaxBytes = config.dlp().rulesetMaxBytes();
        if (toml.getBytes(StandardCharsets.UTF_8).length > rulesetMaxBytes) {
            throw new ProblemException(413, "Payload Too Large", "rule sets are limited to " + rulesetMaxBytes + " bytes",
                    List.of());
        }
        return settings.importRuleSet(tenant.id(), name, toml, tenant.actor())
                .onFailure(RejectedExecutionException.class).transform(e -> busy("rule set imports"))
                .map(set -> Response.status(201).entity(DlpViews.ruleSet(set)).build());
    }

    @DELETE
    @Path("/rulesets/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Remove an imported rule set")
    public Uni<ConfigView> deleteRuleSet(@PathParam("id") @Size(max = 36) String id) {
        UUID setId;
        try {
            setId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("rule set", id);
        }
        return settings.deleteRuleSet(tenant.id(), setId, tenant.actor()).map(DlpViews::config);
    }

    @POST
    @Path("/scan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scan a text with the tenant's current DLP configuration, storing nothing",
            description = "Returns every match with detector, type, start/end offsets (UTF-16, end exclusive), line, "
                    + "confidence and masked evidence (masked snippet + a hash keyed for this request only: it can't be "
                    + "compared with stored findings) and why it fired (detector, trigger, validator and result, entropy "
                    + "of the secret part, context words); the raw match is never returned, stored or logged. Rules that "
                    + "ran out of their time budget are listed in budgetExceeded. The text is limited to "
                    + "findings.dlp.scan-max-chars characters (default 1,000,000); a longer one answers 413; 503 when "
                    + "the scan pool is saturated.")
    @RateLimited("dlp-scan") // per-tenant bucket canopy.rate-limit.buckets.dlp-scan
    public Uni<ScanResult> scan(@Valid @NotNull ScanRequest request) {
        int scanMaxChars = config.dlp().scanMaxChars();
        if (request.text().length() > scanMaxChars) {
            throw new ProblemException(413, "Payload Too Large", "text is limited to " + scanMaxChars + " characters",
                    List.of(new Problem.FieldError("text", "longer than " + scanMaxChars + " characters")));
        }
        byte[] requestKey = new byte[32];
        RANDOM.nextBytes(requestKey);
        return scanning.scanText(tenant.id(), request.text())
                .onFailure(RejectedExecutionException.class).transform(e -> busy("DLP scans"))
                .map(o -> new ScanResult(request.text().length(),
                        o.matches().stream().map(m -> DlpViews.match(m, requestKey)).toList(), o.budgetExceeded()));
    }

    @POST
    @Path("/allowlist")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Mark a DLP finding \"not a secret\"", description = "Allowlists the finding's value for the "
            + "tenant by its evidence hash (a keyed HMAC, never the value) with the reason, who and when (audited), and "
            + "suppresses every open DLP finding of the tenant with that value (reason 'not a secret: <reason>'). Later "
            + "scans drop the value on any page, so it opens nothing again. 201 when listed now, 200 when the value was "
            + "listed already; 404 unknown DLP finding; 409 when the tenant's allowlist is full "
            + "(findings.dlp.max-allowlist-entries) or the finding predates keyed evidence hashes.")
    public Uni<Response> allowlistAdd(@Valid @NotNull AllowlistRequest request) {
        return allowlist.markNotSecret(tenant.id(), UUID.fromString(request.findingId()), request.reason().strip(),
                tenant.actor()).map(m -> Response.status(m.created() ? 201 : 200)
                        .entity(new AllowlistMarked(AllowlistEntryView.of(m.entry()), m.created(), m.suppressed())).build());
    }

    @GET
    @Path("/allowlist")
    @Operation(summary = "The tenant's \"not a secret\" allowlist (evidence hashes with detector, reason, who, when)")
    public Uni<AllowlistView> allowlistList() {
        return allowlist.list(tenant.id()).map(l -> new AllowlistView(
                l.stream().map(AllowlistEntryView::of).toList(), limits.maxAllowlistEntries()));
    }

    @GET
    @Path("/allowlist/audit")
    @Operation(summary = "Additions and removals of allowlist entries, newest first (at most 500)")
    public Uni<List<AllowlistAuditView>> allowlistAudit() {
        return allowlist.audit(tenant.id(), 500).map(rows -> rows.stream().map(DlpViews::audit).toList());
    }

    @DELETE
    @Path("/allowlist/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Remove an allowlist entry", description = "Audited with the optional reason. The next scans "
            + "report the value again; findings it suppressed stay suppressed until unsuppressed.")
    public Uni<Response> allowlistRemove(@PathParam("id") @Pattern(regexp = DlpViews.UUID_PATTERN) String id,
            @QueryParam("reason") @Size(max = 500) String reason) {
        return allowlist.remove(tenant.id(), UUID.fromString(id), tenant.actor(), reason)
                .map(e -> Response.noContent().build());
    }

    @GET
    @Path("/status")
    @Operation(summary = "The tenant's DLP engine on this replica: limits, stored rules left out, rules stopped by "
            + "their time budget (most recent first)")
    public Uni<StatusView> engineStatus() {
        String tenantId = tenant.id();
        var rules = limits.rules();
        return scanning.engine(tenantId).map(e -> new StatusView(e.version(),
                new Budgets(limits.ruleBudget().toString(), limits.textBudget().toString()),
                new RuleCaps(limits.maxCustomRules(), limits.maxRuleSets(), rules.maxImportedRules(),
                        rules.maxKeywords(), rules.maxProgramSize(),
                        rules.maxKeywordlessSteps() / RuleLimits.ONE_MIB, rules.maxRegexLength()),
                e.skippedRules(), status.exceeded(tenantId)));
    }

    /** 503 for work refused by a full {@code DlpScanPool} queue. */
    private static ProblemException busy(String what) {
        return new ProblemException(503, "Service Unavailable", "too many " + what + " in progress; retry shortly",
                List.of());
    }
}
