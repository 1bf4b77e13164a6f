package dev.canopy.inventory.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.server.CurrentTenant;
import dev.canopy.inventory.store.UserRow;
import dev.canopy.inventory.store.UserStore;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class UserResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    UserStore users;

    public record UserPage(List<UserRow> items, String nextCursor) {
    }

    @GET
    @Operation(summary = "List the tenant's users", description = "Cursor pagination: pass nextCursor back as cursor.")
    public Uni<UserPage> list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return users.list(tenant.id(), status, cursor, limit + 1).map(rows -> rows.size() > limit
                ? new UserPage(rows.subList(0, limit), rows.get(limit - 1).accountId())
                : new UserPage(rows, null));
    }
}
