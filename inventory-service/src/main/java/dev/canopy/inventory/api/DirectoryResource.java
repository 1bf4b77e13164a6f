package dev.canopy.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.inventory.store.Filter;
import dev.canopy.inventory.store.Listing;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

/** Groups, teams and domains of the tenant's organization. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class DirectoryResource {

    @Inject
    EntityLists lists;

    @GET
    @Path("/groups")
    @Operation(summary = "List groups with member counts",
            description = "Sorts: groupId (default), name. memberCount is what the source reported, membersKnown the "
                    + "member relations from the last member snapshot.")
    public Uni<Page<RawValue>> groups(@Valid @BeanParam ListParams page,
            @QueryParam("name") @Size(max = Limits.TEXT) @Parameter(description = "exact group name") String name,
            @QueryParam("managedBy") @Size(max = Limits.TEXT) @Parameter(description = "e.g. admins, external") String managedBy) {
        return lists.page(Listing.GROUPS, page,
                new Filters().text("name", name, "name").text("managedBy", managedBy, "managedBy").list());
    }

    @GET
    @Path("/teams")
    @Operation(summary = "List teams with member counts", description = "Sorts: teamId (default), displayName, state.")
    public Uni<Page<RawValue>> teams(@Valid @BeanParam ListParams page,
            @QueryParam("state") @Size(max = Limits.TEXT) @Parameter(description = "e.g. ACTIVE") String state,
            @QueryParam("teamType") @Size(max = Limits.TEXT) @Parameter(description = "e.g. OPEN, MEMBER_INVITE") String teamType) {
        return lists.page(Listing.TEAMS, page,
                new Filters().text("state", state, "state").text("teamType", teamType, "teamType").list());
    }

    @GET
    @Path("/domains")
    @Operation(summary = "List claimed domains", description = "Sorts: domainId (default), name, claimStatus.")
    public Uni<Page<RawValue>> domains(@Valid @BeanParam ListParams page,
            @QueryParam("claimStatus") @Size(max = Limits.TEXT) @Parameter(description = "e.g. verified, unverified") String claimStatus,
            @QueryParam("verified") @Size(max = Limits.SCALAR) @Parameter(description = "true or false") String verified) {
        return lists.page(Listing.DOMAINS, page, new Filters().text("claimStatus", claimStatus, "claimStatus")
                .boolWith("verified", verified, v -> v ? Filter.equalsText("claimStatus", "verified")
                        : Filter.notEqualsText("claimStatus", "verified"))
                .list());
    }
}
