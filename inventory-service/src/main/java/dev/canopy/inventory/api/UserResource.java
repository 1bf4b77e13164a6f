package dev.canopy.inventory.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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
import dev.canopy.inventory.store.Filter;
import dev.canopy.inventory.store.Listing;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class UserResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Entities entities;

    @Inject
    EntityLists lists;

    public record UserDetail(RawValue user, List<String> groups, List<String> teams) {
    }

    @GET
    @Operation(summary = "List the tenant's users",
            description = "Sorts: accountId (default), email, displayName, lastActive, status. Items follow the user event data.")
    public Uni<Page<RawValue>> list(@Valid @BeanParam ListParams page,
            @QueryParam("status") @Size(max = Limits.TEXT) @Parameter(description = "e.g. active, inactive, suspended") String status,
            @QueryParam("accountType") @Size(max = Limits.TEXT) @Parameter(description = "e.g. atlassian, app, customer") String accountType,
            @QueryParam("mfaEnabled") @Size(max = Limits.SCALAR) @Parameter(description = "true or false") String mfaEnabled,
            @QueryParam("admin") @Size(max = Limits.SCALAR) @Parameter(description = "true: has a platform role naming admin; false: has none") String admin,
            @QueryParam("role") @Size(max = Limits.TEXT) @Parameter(description = "has this exact platform role") String role,
            @QueryParam("dormantDays") @Size(max = Limits.SCALAR) @Parameter(description = "last active more than N days ago, or never") String dormantDays,
            @QueryParam("group") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) @Parameter(description = "member of this group id") String group,
            @QueryParam("team") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) @Parameter(description = "member of this team id") String team,
            @QueryParam("emailDomain") @Size(max = Limits.TEXT) @Parameter(description = "email domain, case-insensitive") String emailDomain,
            @QueryParam("managed") @Size(max = Limits.SCALAR) @Parameter(description = "true: managed account (verified domain); false: external") String managed) {
        List<Filter> filters = new Filters()
                .text("status", status, "status")
                .text("accountType", accountType, "accountType")
                .bool("mfaEnabled", mfaEnabled, "mfaEnabled")
                .boolWith("admin", admin, Filter::adminRole)
                .textWith("role", role, r -> Filter.arrayContains("platformRoles", r))
                .days("dormantDays", dormantDays, d -> Filter.olderThanDays("lastActive", d))
                .textWith("group", group, g -> Filter.memberOf("group", g))
                .textWith("team", team, t -> Filter.memberOf("team", t))
                .textWith("emailDomain", emailDomain, Filter::emailDomain)
                .bool("managed", managed, "managed")
                .list();
        return lists.page(Listing.USERS, page, filters);
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "One user with the groups and teams it is a member of",
            description = "Its change history is at /api/v1/entities/user/{accountId}/history.")
    public Uni<UserDetail> get(@PathParam("accountId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String accountId) {
        return entities.user(tenant.id(), accountId)
                .map(found -> found.map(u -> new UserDetail(new RawValue(u.json()), u.groups(), u.teams()))
                        .orElseThrow(() -> ProblemException.notFound("user", accountId)));
    }
}
