package dev.canopy.findings.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.findings.domain.PostureEvaluation;
import dev.canopy.findings.domain.posture.PostureCatalog;
import dev.canopy.findings.domain.posture.PostureCheck;
import dev.canopy.findings.domain.posture.PostureSettings;
import dev.canopy.findings.domain.posture.ThresholdDefinition;
import dev.canopy.findings.domain.posture.Thresholds;
import dev.canopy.findings.store.PostureConfigStore;
import dev.canopy.findings.store.SyncRunStore;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/posture")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class PostureResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    PostureSettings settings;

    @Inject
    PostureEvaluation evaluation;

    public record CheckView(String id, String title, String severity, String category, String rationale,
            String remediation, Map<String, Object> thresholds, boolean onlyAfterFullSync, MuteView mute) {
    }

    public record MuteView(String reason, String by, Instant at) {
    }

    public record ThresholdView(String name, String description, Object defaultValue, Object value) {
    }

    public record ConfigView(List<ThresholdView> thresholds, Map<String, Object> overrides, List<CheckMute> mutes) {
    }

    public record CheckMute(String checkId, String reason, String by, Instant at) {
    }

    public record MuteRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    @GET
    @Path("/checks")
    @Operation(summary = "The posture check catalogue", description = "Every check with its rationale, remediation, "
            + "the thresholds it uses (the tenant's values) and whether the tenant muted it.")
    public Uni<List<CheckView>> checks() {
        String tenantId = tenant.id();
        return settings.current(tenantId).map(current -> {
            Thresholds t = current.thresholds();
            Map<String, PostureConfigStore.Mute> byCheck = current.mutes().stream()
                    .collect(Collectors.toMap(PostureConfigStore.Mute::checkId, m -> m));
            return PostureCatalog.checks().stream().map(c -> view(c, t, Optional.ofNullable(byCheck.get(c.id()))))
                    .toList();
        });
    }

    @GET
    @Path("/evaluations")
    @Operation(summary = "The tenant's recent sync runs and when their posture evaluation happened",
            description = "A run is evaluated once every inventory event it reported was applied, or after the bounded "
                    + "wait (then without auto-resolve; the note says what was missing).")
    public Uni<List<SyncRunStore.RunEvaluation>> evaluations(
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        String tenantId = tenant.id();
        return evaluation.recent(tenantId, limit);
    }

    @GET
    @Path("/config")
    @Operation(summary = "The tenant's posture configuration: thresholds (defaults and overrides) and muted checks")
    public Uni<ConfigView> getConfig() {
        return settings.current(tenant.id()).map(PostureResource::configView);
    }

    @PUT
    @Path("/config/thresholds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the tenant's threshold overrides", description = "A JSON object of threshold name "
            + "to value (whole number, or list of strings for list thresholds); names left out use the default. "
            + "Takes effect at the next evaluation.")
    public Uni<ConfigView> putThresholds(@NotNull @Size(max = 100) Map<String, Object> overrides) {
        Map<String, Object> clean;
        try {
            clean = Thresholds.validate(overrides);
        } catch (Thresholds.InvalidThresholdException e) {
            throw new ProblemException(400, "Bad Request", e.getMessage(),
                    List.of(new dev.canopy.contracts.rest.Problem.FieldError(e.field(), e.getMessage())));
        }
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return settings.replaceThresholds(tenantId, clean, actor).map(PostureResource::configView);
    }

    @PUT
    @Path("/checks/{checkId}/mute")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Mute a check for the tenant", description = "A muted check is not evaluated: it opens no "
            + "finding and its existing findings are neither resolved nor changed.")
    public Uni<ConfigView> mute(@PathParam("checkId") @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]*") String checkId, @Valid @NotNull MuteRequest request) {
        requireCheck(checkId);
        String tenantId = tenant.id();
        String actor = tenant.actor();
        return settings.mute(tenantId, checkId, request.reason(), actor).map(PostureResource::configView);
    }

    @DELETE
    @Path("/checks/{checkId}/mute")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Unmute a check for the tenant")
    public Uni<ConfigView> unmute(@PathParam("checkId") @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]*") String checkId) {
        requireCheck(checkId);
        String tenantId = tenant.id();
        return settings.unmute(tenantId, checkId).map(PostureResource::configView);
    }

    private static ConfigView configView(PostureSettings.Current current) {
        Map<String, Object> effective = current.thresholds().asMap();
        List<ThresholdView> thresholds = Thresholds.ALL.stream().map(d -> new ThresholdView(d.name(),
                d.description(), d.defaultValue(), effective.get(d.name()))).toList();
        return new ConfigView(thresholds, current.overrides(), current.mutes().stream()
                .map(m -> new CheckMute(m.checkId(), m.reason(), m.mutedBy(), m.mutedAt())).toList());
    }

    private static void requireCheck(String checkId) {
        if (PostureCatalog.byId(checkId).isEmpty()) {
            throw ProblemException.notFound("posture check", checkId);
        }
    }

    private static CheckView view(PostureCheck c, Thresholds t, Optional<PostureConfigStore.Mute> mute) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (ThresholdDefinition d : c.thresholds()) {
            values.put(d.name(), t.asMap().get(d.name()));
        }
        return new CheckView(c.id(), c.title(), c.severity().label(), c.category(), c.rationale(), c.remediation(),
                values, c.needsCompleteInventory(),
                mute.map(m -> new MuteView(m.reason(), m.mutedBy(), m.mutedAt())).orElse(null));
    }
}
