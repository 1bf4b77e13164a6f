package dev.canopy.connector.api;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.store.RunStore;
import dev.canopy.connector.store.SyncRun;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;

/** One sync run: progress while it runs, the record afterwards, and cancel. */
@Path("/api/v1/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    RunStore runs;

    public record RunView(UUID id, UUID connectionId, String mode, String trigger, String status,
            boolean cancelRequested, Instant requestedAt, Instant startedAt, Instant completedAt, JsonNode metrics,
            JsonNode errors) {
        static RunView of(SyncRun r) {
            return new RunView(r.id(), r.connectionId(), r.mode(), r.trigger(), r.status(), r.cancelRequested(),
                    r.requestedAt(), r.startedAt(), r.completedAt(), ConnectionResource.parse(r.metricsJson()),
                    ConnectionResource.parse(r.errorsJson()));
        }
    }

    @GET
    @Path("/{runId}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_READER})
    public RunView get(@PathParam("runId") UUID runId) {
        return RunView.of(runs.find(tenant.id(), runId).orElseThrow(() -> ProblemException.notFound("sync run", runId.toString())));
    }

    @POST
    @Path("/{runId}/cancel")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public RunView cancel(@PathParam("runId") UUID runId) {
        return RunView.of(runs.requestCancel(tenant.id(), runId)
                .orElseThrow(() -> ProblemException.notFound("sync run", runId.toString())));
    }
}
