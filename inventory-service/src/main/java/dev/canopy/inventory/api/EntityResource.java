package dev.canopy.inventory.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.inventory.domain.Entities;
import dev.canopy.inventory.domain.InventoryTypes;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

/** Any one entity by type and id, and its history of changes. Unknown type or id (or another tenant's) is 404. */
@Path("/api/v1/entities/{type}/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class EntityResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Entities entities;

    @GET
    @Operation(summary = "One entity (also when deleted)",
            description = "type is an event entity name: user, group, team, domain, site, installed-app, org-policy, "
                    + "api-token, org-api-key, confluence-space, jira-permission-grant, jira-project, audit-event.")
    public Uni<RawValue> get(@PathParam("type") @Pattern(regexp = Limits.TYPE_PATTERN) String type,
            @PathParam("id") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String id) {
        known(type, id);
        return entities.find(tenant.id(), type, id)
                .map(found -> new RawValue(found.orElseThrow(() -> ProblemException.notFound(type, id))));
    }

    @GET
    @Path("/history")
    @Operation(summary = "What changed on one entity, newest first",
            description = "Each change: created, updated, restored, deleted or members-changed, with the changed field "
                    + "names and old/new values (values of personal fields such as email are left out).")
    public Uni<Page<RawValue>> history(@PathParam("type") @Pattern(regexp = Limits.TYPE_PATTERN) String type,
            @PathParam("id") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String id,
            @QueryParam("cursor") @Size(max = Limits.CURSOR) @Parameter(description = "nextCursor of the previous page") String cursor,
            @QueryParam("limit") @Size(max = Limits.SCALAR) @Parameter(description = "1..1000, default 100") String limit) {
        known(type, id);
        int n = QueryParams.limit(limit);
        long before = QueryParams.beforeHistoryId(cursor);
        return entities.history(tenant.id(), type, id, before, n).map(found -> {
            var rows = found.orElseThrow(() -> ProblemException.notFound(type, id));
            if (rows.isEmpty() && cursor == null) {
                throw ProblemException.notFound(type, id);
            }
            return Page.of(rows, n, r -> new RawValue(r.json()), r -> QueryParams.nextHistoryCursor(r.entityId()));
        });
    }

    private static void known(String type, String id) {
        if (InventoryTypes.entityType(type).isEmpty()) {
            throw ProblemException.notFound(type, id);
        }
    }
}
