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

/** Sites and what lives on them: installed apps, Confluence spaces, Jira permission grants. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class SiteResource {

    @Inject
    EntityLists lists;

    @GET
    @Path("/sites")
    @Operation(summary = "List sites", description = "Sorts: siteId (default), name, url, createdAt.")
    public Uni<Page<RawValue>> sites(@Valid @BeanParam ListParams page,
            @QueryParam("status") @Size(max = Limits.TEXT) String status,
            @QueryParam("product") @Size(max = Limits.TEXT) @Parameter(description = "site runs this product, e.g. confluence") String product) {
        return lists.page(Listing.SITES, page, new Filters().text("status", status, "status")
                .textWith("product", product, p -> Filter.arrayContains("products", p)).list());
    }

    @GET
    @Path("/installed-apps")
    @Operation(summary = "List installed apps", description = "Sorts: id (default), name, vendor, installedAt, siteId.")
    public Uni<Page<RawValue>> installedApps(@Valid @BeanParam ListParams page,
            @QueryParam("siteId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String siteId,
            @QueryParam("vendor") @Size(max = Limits.TEXT) String vendor,
            @QueryParam("enabled") @Size(max = Limits.SCALAR) @Parameter(description = "true or false") String enabled,
            @QueryParam("userInstalled") @Size(max = Limits.SCALAR) @Parameter(description = "true: installed by a user (not bundled)") String userInstalled,
            @QueryParam("scope") @Size(max = Limits.TEXT) @Parameter(description = "the app holds this scope") String scope) {
        return lists.page(Listing.INSTALLED_APPS, page, new Filters().text("siteId", siteId, "siteId")
                .text("vendor", vendor, "vendor").bool("enabled", enabled, "enabled")
                .bool("userInstalled", userInstalled, "userInstalled")
                .textWith("scope", scope, s -> Filter.arrayContains("scopes", s)).list());
    }

    @GET
    @Path("/confluence-spaces")
    @Operation(summary = "List Confluence spaces", description = "Sorts: id (default), key, name, siteId.")
    public Uni<Page<RawValue>> confluenceSpaces(@Valid @BeanParam ListParams page,
            @QueryParam("siteId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String siteId,
            @QueryParam("anonymousAccess") @Size(max = Limits.SCALAR) @Parameter(description = "true or false") String anonymousAccess,
            @QueryParam("unlicensedAccess") @Size(max = Limits.SCALAR) @Parameter(description = "true or false") String unlicensedAccess,
            @QueryParam("type") @Size(max = Limits.TEXT) @Parameter(description = "e.g. global, personal") String type,
            @QueryParam("status") @Size(max = Limits.TEXT) String status) {
        return lists.page(Listing.CONFLUENCE_SPACES, page, new Filters().text("siteId", siteId, "siteId")
                .bool("anonymousAccess", anonymousAccess, "anonymousAccess")
                .bool("unlicensedAccess", unlicensedAccess, "unlicensedAccess")
                .text("type", type, "type").text("status", status, "status").list());
    }

    @GET
    @Path("/jira-permission-grants")
    @Operation(summary = "List Jira permission scheme grants", description = "Sorts: id (default), siteId, permission, holderType.")
    public Uni<Page<RawValue>> jiraGrants(@Valid @BeanParam ListParams page,
            @QueryParam("siteId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String siteId,
            @QueryParam("permission") @Size(max = Limits.TEXT) @Parameter(description = "e.g. BROWSE_PROJECTS") String permission,
            @QueryParam("holderType") @Size(max = Limits.TEXT) @Parameter(description = "e.g. anyone (anonymous), group, projectRole") String holderType) {
        return lists.page(Listing.JIRA_PERMISSION_GRANTS, page, new Filters().text("siteId", siteId, "siteId")
                .text("permission", permission, "permission").text("holderType", holderType, "holderType").list());
    }

    @GET
    @Path("/jira-projects")
    @Operation(summary = "List Jira projects the connector can browse, with lead and permission scheme",
            description = "Sorts: id (default), key, name, siteId.")
    public Uni<Page<RawValue>> jiraProjects(@Valid @BeanParam ListParams page,
            @QueryParam("siteId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String siteId,
            @QueryParam("key") @Size(max = Limits.TEXT) @Parameter(description = "project key, e.g. ENG") String key,
            @QueryParam("leadAccountId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String lead,
            @QueryParam("permissionSchemeId") @Size(max = Limits.ID) @Pattern(regexp = Limits.ID_PATTERN) String scheme) {
        return lists.page(Listing.JIRA_PROJECTS, page, new Filters().text("siteId", siteId, "siteId").text("key", key, "key")
                .text("leadAccountId", lead, "leadAccountId").text("permissionSchemeId", scheme, "permissionSchemeId").list());
    }
}
