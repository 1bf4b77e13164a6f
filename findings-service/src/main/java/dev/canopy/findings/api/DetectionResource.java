package dev.canopy.findings.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.findings.domain.Findings;
import dev.canopy.findings.domain.detect.DetectionRule;
import dev.canopy.findings.domain.detect.DetectionSettings;
import dev.canopy.findings.domain.detect.Detections;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingQuery;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

/**
 * Threat detections over the organization audit log: the detections raised (Detection Findings; their lifecycle is
 * the findings API's), the rules and the tenant's settings.
 */
@Path("/api/v1/detections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class DetectionResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Findings findings;

    @Inject
    Detections detections;

    /** A rule as listed: what it watches, how severe, why, what to do, Guard Detect's category, on for this tenant. */
    public record RuleView(String id, String title, String severity, String shape, String rationale, String remediation,
            String guardCategory, boolean enabled) {
    }

    /** Settings as sent by a tenant admin; absent fields take their defaults. */
    public record SettingsRequest(Boolean enabled, @Size(max = 50) Set<@Size(max = 100) String> disabledRules,
            @Size(max = DetectionSettings.MAX_EXCLUDED_ACCOUNTS) Set<@Size(max = 128) String> excludedAccounts,
            @Pattern(regexp = "low|medium|high") String sensitivity, @Size(max = 20) Map<String, Integer> thresholds) {
    }

    /** Settings in force: the tenant's choices and every threshold's effective value. */
    public record SettingsView(boolean enabled, Set<String> disabledRules, Set<String> excludedAccounts,
            String sensitivity, Map<String, Integer> thresholds, Map<String, Integer> effectiveThresholds) {
        static SettingsView of(DetectionSettings s) {
            return new SettingsView(s.enabled(), s.disabledRules(), s.excludedAccounts(), s.sensitivity(), s.thresholds(),
                    s.effectiveThresholds());
        }
    }

    @GET
    @Operation(summary = "List detections (Detection Findings)", description = "Newest first. Suppress, unsuppress and "
            + "resolve them through /api/v1/findings/{id}/…")
    public Uni<Page<FindingViews.Summary>> list(
            @Parameter(description = "rule id, e.g. org-admin-granted") @QueryParam("rule") @Size(max = 100) String rule,
            @Parameter(description = "open, reopened, suppressed, resolved") @QueryParam("status") @Size(max = 200) String status,
            @Parameter(description = "info, low, medium, high, critical") @QueryParam("severity") @Size(max = 200) String severity,
            @QueryParam("cursor") @Size(max = 200) String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        FindingQuery.Sort order = FindingQuery.Sort.FIRST_SEEN_DESC;
        FindingQuery query = new FindingQuery(QueryParams.list("severity", severity, FindingSeverity::parse),
                FindingKind.DETECTION, QueryParams.list("status", status, FindingStatus::parse),
                rule == null || rule.isBlank() ? null : rule.trim(), null, null, null, null, null, null, null, order,
                QueryParams.decodeCursor(cursor, order), limit + 1);
        return findings.list(tenant.id(), query).map(rows -> Page.of(rows, limit, FindingViews::summary,
                last -> QueryParams.encodeCursor(order, FindingQuery.cursorValue(last, order), last.id())));
    }

    @GET
    @Path("/rules")
    @Operation(summary = "The detection rules, with Guard Detect's matching category and whether each is on")
    public Uni<List<RuleView>> rules() {
        return detections.settings(tenant.id()).map(s -> Arrays.stream(DetectionRule.values())
                .map(r -> new RuleView(r.id(), r.title(), r.severity().label(), r.shape().name().toLowerCase(),
                        r.rationale(), r.remediation(), r.guardCategory(), s.ruleEnabled(r)))
                .toList());
    }

    @GET
    @Path("/settings")
    @Operation(summary = "The tenant's detection settings and the thresholds in force")
    public Uni<SettingsView> settings() {
        return detections.settings(tenant.id()).map(SettingsView::of);
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the tenant's detection settings", description = "enabled (default true), "
            + "disabledRules (rule ids), excludedAccounts (Atlassian account ids, at most 500), sensitivity "
            + "(low|medium|high: scales the count thresholds not overridden), thresholds (see GET). Used by the "
            + "processor within seconds.")
    public Uni<SettingsView> putSettings(@Valid @NotNull SettingsRequest request) {
        DetectionSettings settings = new DetectionSettings(request.enabled() == null || request.enabled(),
                request.disabledRules(), request.excludedAccounts(), request.sensitivity(), request.thresholds());
        return detections.saveSettings(tenant.id(), settings, tenant.actor()).map(SettingsView::of);
    }
}
