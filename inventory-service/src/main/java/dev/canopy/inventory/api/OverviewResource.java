package dev.canopy.inventory.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.inventory.domain.TenantOverview;
import dev.canopy.inventory.store.OverviewStore.TypeCount;
import dev.canopy.support.rest.CurrentTenant;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/overview")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class OverviewResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    TenantOverview overview;

    public record Overview(Map<String, TypeCount> entities, Map<String, Long> memberships, List<RawValue> lastSyncs) {
    }

    @GET
    @Operation(summary = "Counts per entity type and the last sync run per connection",
            description = "lastSyncs[].allEventsReceived tells whether every event the run reported has arrived.")
    public Uni<Overview> overview() {
        return overview.of(tenant.id()).map(o -> new Overview(o.entities(), o.memberships(),
                o.lastSyncs().stream().map(RawValue::new).toList()));
    }
}
