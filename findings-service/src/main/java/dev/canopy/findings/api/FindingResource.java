package dev.canopy.findings.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.domain.Findings;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingQuery;
import dev.canopy.findings.store.FindingStore;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class FindingResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Findings findings;

    public record SuppressRequest(@NotBlank @Size(max = 2000) String reason, Instant until) {
    }

    public record UnsuppressRequest(@Size(max = 2000) String reason) {
    }

    @GET
    @Operation(summary = "List the tenant's findings",
            description = "Filters combine with AND; comma-separated lists for severity and status. Sort by lastSeen "
                    + "(default -lastSeen), firstSeen or severity; '-' prefix for descending. Cursor pagination: pass "
                    + "nextCursor back as cursor with the same filters and sort.")
    public Uni<Page<FindingViews.Summary>> list(
            @Parameter(description = "info, low, medium, high, critical") @QueryParam("severity") @Size(max = 200) String severity,
            @Parameter(description = "posture, dlp or detection") @QueryParam("kind") @Size(max = 20) String kind,
            @Parameter(description = "open, reopened, suppressed, resolved") @QueryParam("status") @Size(max = 200) String status,
            @Parameter(description = "posture check id or DLP detector id") @QueryParam("rule") @Size(max = 200) String rule,
            @Parameter(description = "resource id, e.g. an account id or siteId:contentId") @QueryParam("resource") @Size(max = 300) String resource,
            @Parameter(description = "DLP findings of one product: jira or confluence") @QueryParam("product") @Pattern(regexp = "jira|confluence") String product,
            @Parameter(description = "Jira project key of DLP findings, e.g. ENG") @QueryParam("project") @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_]+") String project,
            @Parameter(description = "Confluence space id of DLP findings") @QueryParam("space") @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_-]+") String space,
            @Parameter(description = "true: only findings in earlier page versions kept in a history; false: only in current content") @QueryParam("historical") @Pattern(regexp = "true|false") String historical,
            @Parameter(description = "last seen at or after (ISO-8601)") @QueryParam("from") @Size(max = 40) String from,
            @Parameter(description = "last seen before (ISO-8601)") @QueryParam("to") @Size(max = 40) String to,
            @QueryParam("sort") @Size(max = 20) String sort, @QueryParam("cursor") @Size(max = 200) String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        FindingQuery.Sort order = QueryParams.sort(sort);
        FindingQuery query = new FindingQuery(QueryParams.list("severity", severity, FindingSeverity::parse),
                QueryParams.one("kind", kind, FindingKind::parse), QueryParams.list("status", status, FindingStatus::parse),
                blankToNull(rule), blankToNull(resource), QueryParams.instant("from", from), QueryParams.instant("to", to),
                blankToNull(product), blankToNull(project), blankToNull(space),
                historical == null ? null : Boolean.valueOf(historical), order, QueryParams.decodeCursor(cursor, order), limit + 1);
        String tenantId = tenant.id();
        return findings.list(tenantId, query).map(rows -> Page.of(rows, limit, FindingViews::summary,
                last -> QueryParams.encodeCursor(order, FindingQuery.cursorValue(last, order), last.id())));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Counts of findings by severity, by rule and by kind", description = "Counts open and reopened "
            + "findings unless status says otherwise.")
    public Uni<Map<String, Map<String, Long>>> counts(@QueryParam("status") @Size(max = 200) String status) {
        List<FindingStatus> statuses = QueryParams.list("status", status, FindingStatus::parse);
        return findings.counts(tenant.id(), statuses);
    }

    /** Days the trend may span: a quarter at most, so the answer stays small (≤ 90 × 3 kinds × 5 severities rows). */
    static final int MAX_TREND_DAYS = 90;

    public record Trend(int days, String from, List<FindingStore.TrendBucket> buckets) {
    }

    @GET
    @Path("/trend")
    @Operation(summary = "Findings first seen per day, by kind and severity",
            description = "New findings (any status today) per UTC day over the last `days` days (1..90, default "
                    + "14), today included; days without findings are left out.")
    public Uni<Trend> trend(@QueryParam("days") @DefaultValue("14") @Min(1) @Max(MAX_TREND_DAYS) int days) {
        Instant now = Instant.now();
        return findings.trend(tenant.id(), days, now).map(buckets -> new Trend(days,
                Findings.trendStart(days, now).toString().substring(0, 10), buckets));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One finding with masked evidence, remediation and its full history")
    public Uni<FindingViews.Detail> get(@PathParam("id") @Size(max = 64) String id) {
        var findingId = QueryParams.findingId(id);
        String tenantId = tenant.id();
        return findings.detail(tenantId, findingId).map(d -> d.map(FindingResource::view)
                .orElseThrow(() -> ProblemException.notFound("finding", id)));
    }

    @POST
    @Path("/{id}/suppress")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Suppress an open finding", description = "With a reason and an optional expiry (ISO-8601); "
            + "re-evaluations keep it suppressed; it opens again when unsuppressed or when the expiry passes.")
    public Uni<FindingViews.Detail> suppress(@PathParam("id") @Size(max = 64) String id, @Valid @NotNull SuppressRequest request) {
        var findingId = QueryParams.findingId(id);
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return findings.suppress(tenantId, findingId, request.reason(), request.until(), actor)
                .map(FindingResource::view);
    }

    @POST
    @Path("/{id}/unsuppress")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "End the suppression of a finding")
    public Uni<FindingViews.Detail> unsuppress(@PathParam("id") @Size(max = 64) String id, @Valid UnsuppressRequest request) {
        var findingId = QueryParams.findingId(id);
        String tenantId = tenant.id();
        String actor = tenant.actor();
        String reason = request == null ? null : request.reason();
        return findings.unsuppress(tenantId, findingId, actor, reason).map(FindingResource::view);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Resolve a finding by hand", description = "For a detection after it was investigated; a "
            + "posture or DLP finding observed again by a later scan reopens.")
    public Uni<FindingViews.Detail> resolve(@PathParam("id") @Size(max = 64) String id, @Valid UnsuppressRequest request) {
        var findingId = QueryParams.findingId(id);
        String reason = request == null ? null : request.reason();
        return findings.resolve(tenant.id(), findingId, tenant.actor(), reason).map(FindingResource::view);
    }

    private static FindingViews.Detail view(Findings.Detail d) {
        return FindingViews.detail(d.finding(), d.history());
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
