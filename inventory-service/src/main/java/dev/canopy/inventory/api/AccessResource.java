package dev.canopy.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
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

/** Organization policies, credentials (API tokens, org API keys) and the audit log. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class AccessResource {

    @Inject
    EntityLists lists;

    @GET
    @Path("/org-policies")
    @Operation(summary = "List organization policies", description = "Sorts: policyId (default), name, type, status.")
    public Uni<Page<RawValue>> orgPolicies(@Valid @BeanParam ListParams page,
            @QueryParam("type") @Size(max = Limits.TEXT) @Parameter(description = "e.g. ip-allowlist, data-security, authentication") String type,
            @QueryParam("status") @Size(max = Limits.TEXT) @Parameter(description = "e.g. enabled, disabled") String status) {
        return lists.page(Listing.ORG_POLICIES, page,
                new Filters().text("type", type, "type").text("status", status, "status").list());
    }

    @GET
    @Path("/api-tokens")
    @Operation(summary = "List user API tokens", description = "Sorts: tokenId (default), expiresAt, lastActiveAt, createdAt, label.")
    public Uni<Page<RawValue>> apiTokens(@Valid @BeanParam ListParams page,
            @QueryParam("ownerAccountId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String ownerAccountId,
            @QueryParam("status") @Size(max = Limits.TEXT) String status,
            @QueryParam("expiringWithinDays") @Size(max = Limits.SCALAR) @Parameter(description = "expires in the next N days (not yet expired)") String expiring,
            @QueryParam("unusedForDays") @Size(max = Limits.SCALAR) @Parameter(description = "not used for more than N days, or never") String unused) {
        return lists.page(Listing.API_TOKENS, page, credentialAge(new Filters(), expiring, unused)
                .text("ownerAccountId", ownerAccountId, "ownerAccountId").text("status", status, "status").list());
    }

    @GET
    @Path("/org-api-keys")
    @Operation(summary = "List organization API keys", description = "Sorts: keyId (default), expiresAt, lastActiveAt, createdAt, name.")
    public Uni<Page<RawValue>> orgApiKeys(@Valid @BeanParam ListParams page,
            @QueryParam("createdBy") @Size(max = Limits.TEXT) String createdBy,
            @QueryParam("expiringWithinDays") @Size(max = Limits.SCALAR) @Parameter(description = "expires in the next N days (not yet expired)") String expiring,
            @QueryParam("unusedForDays") @Size(max = Limits.SCALAR) @Parameter(description = "not used for more than N days, or never") String unused) {
        return lists.page(Listing.ORG_API_KEYS, page,
                credentialAge(new Filters(), expiring, unused).text("createdBy", createdBy, "createdBy").list());
    }

    @GET
    @Path("/audit-events")
    @Operation(summary = "List organization audit events", description = "Sorts: eventId (default), created, action.")
    public Uni<Page<RawValue>> auditEvents(@Valid @BeanParam ListParams page,
            @QueryParam("action") @Size(max = Limits.TEXT) String action,
            @QueryParam("actorAccountId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String actorAccountId) {
        return lists.page(Listing.AUDIT_EVENTS, page, new Filters().text("action", action, "action")
                .text("actorAccountId", actorAccountId, "actorAccountId").list());
    }

    private static Filters credentialAge(Filters filters, String expiringWithinDays, String unusedForDays) {
        return filters.days("expiringWithinDays", expiringWithinDays, d -> Filter.withinNextDays("expiresAt", d))
                .days("unusedForDays", unusedForDays, d -> Filter.olderThanDays("lastActiveAt", d));
    }
}
