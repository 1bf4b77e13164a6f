package dev.canopy.findings.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.contracts.rest.Problem;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.dlp.CustomRule;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.Match;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.dlp.Evidence;
import dev.canopy.findings.config.FindingsConfig;
import dev.canopy.findings.domain.dlp.DlpEngineStatus;
import dev.canopy.findings.domain.dlp.DlpEngines;
import dev.canopy.findings.domain.dlp.DlpLimits;
import dev.canopy.findings.domain.dlp.DlpScanning;
import dev.canopy.findings.store.DlpConfigStore;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/dlp")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class DlpResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    DlpConfigStore configs;

    @Inject
    DlpScanning scanning;

    @Inject
    DlpLimits limits;

    @Inject
    DlpEngineStatus status;

    @Inject
    dev.canopy.findings.domain.dlp.DlpAllowlist allowlist;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String RULE_ID = "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}";

    @Inject
    FindingsConfig config;

    public record DetectorView(String id, String title, String type, String category, String severity,
            boolean enabled, boolean enabledByDefault) {
    }

    public record RuleSetView(UUID id, String name, int ruleCount, int imported, List<Map<String, Object>> rejected,
            Instant importedAt) {
    }

    public record ConfigView(long version, List<String> disabledBuiltIns, List<String> enabledBuiltIns,
            List<CustomRule> customRules,
            List<RuleSetView> ruleSets) {
    }

    public record BuiltInIds(@NotNull @Size(max = 300) List<String> ids) {
    }

    public record ScanRequest(@NotNull String text) {
    }

    /**
     * A custom pattern; severity LOW, MEDIUM, HIGH or CRITICAL; minOccurrences defaults to 1, confidence to 0.8. The
     * keyword count is checked against findings.dlp.max-keywords-per-rule, each keyword and the regex by the engine.
     */
    public record RuleRequest(@Size(max = 64) String id, @Size(max = 200) String title, @Size(max = 2000) String regex,
            @Size(max = 1000) List<String> keywords, Integer minOccurrences, @Size(max = 16) String severity,
            Double confidence) {
        CustomRule toRule() {
            dev.canopy.dlp.Severity sev = null;
            if (severity != null) {
                try {
                    sev = dev.canopy.dlp.Severity.valueOf(severity.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badParameter("severity", "use LOW, MEDIUM, HIGH or CRITICAL");
                }
            }
            return new CustomRule(id, title, regex, keywords == null ? List.of() : keywords,
                    minOccurrences == null ? 1 : minOccurrences, sev, confidence);
        }
    }

    /**
     * {@code evidenceHash} is keyed with a random key of this one request: equal values within one answer have equal
     * hashes, but it can't be compared with stored findings or with another answer. {@code why}: the same
     * explanation a finding stores in {@code evidence.why} (see {@code DlpDrafts.why}).
     */
    public record ScanMatch(String detector, String type, String category, String severity, int start, int end,
            int line, double confidence, String maskedSnippet, String evidenceHash, Map<String, Object> why) {
    }

    /** {@code budgetExceeded}: rules stopped on this text because they ran out of time (their matches may be partial). */
    public record ScanResult(int length, List<ScanMatch> matches, List<String> budgetExceeded) {
    }

    /** Mark a DLP finding "not a secret": its value (by evidence hash) is allowlisted for the tenant. */
    public record AllowlistRequest(@NotNull @Pattern(regexp = UUID_PATTERN) String findingId,
            @NotNull @jakarta.validation.constraints.NotBlank @Size(max = 500) String reason) {
    }

    public record AllowlistEntryView(UUID id, String evidenceHash, String detector, UUID findingId, String reason,
            String createdBy, java.time.Instant createdAt) {
        static AllowlistEntryView of(dev.canopy.findings.store.DlpAllowlistStore.Entry e) {
            return new AllowlistEntryView(e.id(), e.evidenceHash(), e.detectorId(), e.findingId(), e.reason(),
                    e.createdBy(), e.createdAt());
        }
    }

    /** {@code suppressedFindings}: the open findings with this value that this call suppressed. */
    public record AllowlistMarked(AllowlistEntryView entry, boolean created, List<UUID> suppressedFindings) {
    }

    public record AllowlistView(List<AllowlistEntryView> items, int maxEntries) {
    }

    public record AllowlistAuditView(long id, UUID entryId, String action, String actor, String reason,
            java.time.Instant at) {
    }

    public record Budgets(String perRule, String perText) {
    }

    public record RuleCaps(int customRules, int ruleSets, int rulesPerRuleSet, int keywordsPerRule,
            long programInstructions, long keywordlessInstructions, int regexLength) {
    }

    /**
     * The tenant's engine on this replica: configuration version, the limits in force, stored rules the engine left
     * out (they no longer pass the limits) and the most recent rules stopped by their time budget.
     */
    public record StatusView(long configVersion, Budgets budgets, RuleCaps limits, List<Map<String, String>> skippedRules,
            List<DlpEngineStatus.BudgetExceeded> budgetExceeded) {
    }

    @GET
    @Path("/detectors")
    @Operation(summary = "Built-in detectors and whether the tenant has them switched on")
    public Uni<List<DetectorView>> detectors() {
        String tenantId = tenant.id();
        return sessions.withTransaction(s -> configs.load(s, tenantId)).map(cfg -> {
            Set<String> disabled = Set.copyOf(cfg.disabledBuiltIns());
            Set<String> enabled = Set.copyOf(cfg.enabledBuiltIns());
            // as the engine decides: switched off wins; off-by-default detectors run only when switched on
            return DlpEngines.builtIns().stream().map(d -> view(d, !disabled.contains(d.id())
                    && (d.enabledByDefault() || enabled.contains(d.id())))).toList();
        });
    }

    @GET
    @Path("/config")
    @Operation(summary = "The tenant's DLP configuration: switched-off built-ins, custom rules, imported rule sets")
    public Uni<ConfigView> getConfig() {
        return load(tenant.id());
    }

    @PUT
    @Path("/config/disabled-builtins")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the set of built-in detectors switched off for the tenant")
    public Uni<ConfigView> disableBuiltIns(@Valid @NotNull BuiltInIds request) {
        List<String> ids = builtInIds(request.ids(), false);
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.setDisabledBuiltIns(s, tenantId, ids, actor)).chain(() -> load(tenantId));
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
        List<String> ids = builtInIds(request.ids(), true);
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.setEnabledBuiltIns(s, tenantId, ids, actor)).chain(() -> load(tenantId));
    }

    /** Known built-in ids (only off-by-default ones when {@code offByDefaultOnly}), distinct and sorted; else 400. */
    private static List<String> builtInIds(List<String> requested, boolean offByDefaultOnly) {
        if (requested.stream().anyMatch(id -> id == null || id.length() > 100)) {
            throw ProblemException.badParameter("ids", "ids are built-in detector ids of at most 100 chars");
        }
        Set<String> known = DlpEngines.builtIns().stream().filter(d -> !offByDefaultOnly || !d.enabledByDefault())
                .map(Detector::id).collect(Collectors.toSet());
        List<String> unknown = requested.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.badParameter("ids", (offByDefaultOnly ? "not an off-by-default built-in detector: "
                    : "unknown built-in detector(s) ") + unknown);
        }
        return requested.stream().distinct().sorted().toList();
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
        CustomRule rule = request.toRule();
        // the size and cost limits are checked before the regex is compiled (a nested repetition would not compile)
        List<String> errors = rule.validate(limits.rules());
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "the rule is invalid: " + String.join("; ", errors),
                    errors.stream().map(e -> new Problem.FieldError(e.substring(0, Math.max(0, e.indexOf(':'))), e)).toList());
        }
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.load(s, tenantId).chain(cfg -> {
            if (cfg.rules().size() >= limits.maxCustomRules()) {
                throw new ProblemException(400, "Bad Request", "a tenant has at most " + limits.maxCustomRules()
                        + " custom rules", List.of(new Problem.FieldError("customRules", "at most "
                        + limits.maxCustomRules() + " custom rules per tenant; delete one first")));
            }
            return configs.addRule(s, tenantId, rule, actor);
        })).chain(added -> {
            if (!added) {
                throw ProblemException.conflict("a rule with id '" + rule.id() + "' exists already");
            }
            return load(tenantId).map(cfg -> Response.status(201).entity(cfg).build());
        });
    }

    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Remove a custom pattern")
    public Uni<ConfigView> deleteRule(@PathParam("id") @Size(max = 64) @Pattern(regexp = RULE_ID) String id) {
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.deleteRule(s, tenantId, id, actor)).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("rule", id);
            }
            return load(tenantId);
        });
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
        GitleaksImporter.Result result;
        try {
            result = GitleaksImporter.load(toml, limits.rules());
        } catch (RuntimeException e) {
            throw ProblemException.badParameter("body", "not a usable gitleaks TOML file: " + e.getMessage());
        }
        if (result.detectors().isEmpty()) {
            throw ProblemException.badParameter("body", "no rule of the file could be imported");
        }
        List<Map<String, Object>> rejected = result.rejected().stream()
                .map(r -> Map.<String, Object>of("ruleId", String.valueOf(r.ruleId()), "reason", r.reason())).toList();
        var set = new DlpConfigStore.RuleSet(UUID.randomUUID(), name, toml, result.ruleCount(),
                result.detectors().size(), rejected, Instant.now());
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.load(s, tenantId).chain(cfg -> {
            if (cfg.ruleSets().size() >= limits.maxRuleSets()) {
                throw new ProblemException(400, "Bad Request", "a tenant has at most " + limits.maxRuleSets()
                        + " rule sets", List.of(new Problem.FieldError("ruleSets", "at most " + limits.maxRuleSets()
                        + " imported rule sets per tenant; delete one first")));
            }
            return configs.addRuleSet(s, tenantId, set, actor);
        })).replaceWith(Response.status(201).entity(new RuleSetView(set.id(), set.name(), set.ruleCount(),
                        set.imported(), set.rejected(), set.importedAt())).build());
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
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> configs.deleteRuleSet(s, tenantId, setId, actor)).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("rule set", id);
            }
            return load(tenantId);
        });
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
    @dev.canopy.support.rest.RateLimited("dlp-scan") // per-tenant bucket canopy.rate-limit.buckets.dlp-scan
    public Uni<ScanResult> scan(@Valid @NotNull ScanRequest request) {
        int scanMaxChars = config.dlp().scanMaxChars();
        if (request.text().length() > scanMaxChars) {
            throw new ProblemException(413, "Payload Too Large", "text is limited to " + scanMaxChars + " characters",
                    List.of(new Problem.FieldError("text", "longer than " + scanMaxChars + " characters")));
        }
        byte[] requestKey = new byte[32];
        RANDOM.nextBytes(requestKey);
        return scanning.scanText(tenant.id(), request.text())
                .onFailure(java.util.concurrent.RejectedExecutionException.class).transform(e -> new ProblemException(
                        503, "Service Unavailable", "too many DLP scans in progress; retry shortly", List.of()))
                .map(o -> new ScanResult(request.text().length(),
                        o.matches().stream().map(m -> view(m, requestKey)).toList(), o.budgetExceeded()));
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
        String tenantId = tenant.id();
        String actor = tenant.actor();
        UUID findingId = UUID.fromString(request.findingId());
        return sessions.withTransaction(s -> allowlist.markNotSecret(s, tenantId, findingId, request.reason().strip(),
                actor, java.time.Instant.now())).map(m -> Response.status(m.created() ? 201 : 200)
                        .entity(new AllowlistMarked(AllowlistEntryView.of(m.entry()), m.created(), m.suppressed())).build());
    }

    @GET
    @Path("/allowlist")
    @Operation(summary = "The tenant's \"not a secret\" allowlist (evidence hashes with detector, reason, who, when)")
    public Uni<AllowlistView> allowlistList() {
        String tenantId = tenant.id();
        return sessions.withTransaction(s -> allowlist.list(s, tenantId)).map(l -> new AllowlistView(
                l.stream().map(AllowlistEntryView::of).toList(), limits.maxAllowlistEntries()));
    }

    @GET
    @Path("/allowlist/audit")
    @Operation(summary = "Additions and removals of allowlist entries, newest first (at most 500)")
    public Uni<List<AllowlistAuditView>> allowlistAudit() {
        String tenantId = tenant.id();
        return sessions.withTransaction(s -> allowlist.audit(s, tenantId, 500)).map(rows -> rows.stream()
                .map(r -> new AllowlistAuditView(r.id(), r.entryId(), r.action(), r.actor(), r.reason(), r.at())).toList());
    }

    @DELETE
    @Path("/allowlist/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Remove an allowlist entry", description = "Audited with the optional reason. The next scans "
            + "report the value again; findings it suppressed stay suppressed until unsuppressed.")
    public Uni<Response> allowlistRemove(@PathParam("id") @Pattern(regexp = UUID_PATTERN) String id,
            @QueryParam("reason") @Size(max = 500) String reason) {
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return sessions.withTransaction(s -> allowlist.remove(s, tenantId, UUID.fromString(id), actor, reason,
                java.time.Instant.now())).map(e -> Response.noContent().build());
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
                        rules.maxKeywordlessSteps() / dev.canopy.dlp.limits.RuleLimits.ONE_MIB, rules.maxRegexLength()),
                e.skippedRules(), status.exceeded(tenantId)));
    }

    private Uni<ConfigView> load(String tenantId) {
        return sessions.withTransaction(s -> configs.load(s, tenantId)).map(cfg -> new ConfigView(cfg.version(),
                cfg.disabledBuiltIns(), cfg.enabledBuiltIns(), cfg.rules(), cfg.ruleSets().stream().map(r -> new RuleSetView(r.id(), r.name(),
                        r.ruleCount(), r.imported(), r.rejected(), r.importedAt())).toList()));
    }

    private static DetectorView view(Detector d, boolean enabled) {
        return new DetectorView(d.id(), d.title(), d.type(), d.category().name().toLowerCase(java.util.Locale.ROOT),
                d.severity().name().toLowerCase(java.util.Locale.ROOT), enabled, d.enabledByDefault());
    }

    private static ScanMatch view(Match m, byte[] requestKey) {
        return new ScanMatch(m.detectorId(), m.type(), m.category().name().toLowerCase(java.util.Locale.ROOT),
                m.severity().name().toLowerCase(java.util.Locale.ROOT), m.start(), m.end(), m.line(),
                Math.round(m.confidence() * 100) / 100.0, m.evidence().maskedSnippet(),
                Evidence.hmac(m.evidence().fingerprint(), requestKey),
                m.evidence().why() == null ? null : dev.canopy.findings.domain.dlp.DlpDrafts.why(m.evidence().why()));
    }
}
