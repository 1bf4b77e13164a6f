package dev.canopy.inventory.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Paging and sorting parameters every list endpoint accepts. */
public class ListParams {
    @QueryParam("sort")
    @Pattern(regexp = Limits.SORT_PATTERN)
    @Parameter(description = "Sort key (see each endpoint), prefix '-' for descending; ties break on the id")
    public String sort;

    @QueryParam("cursor")
    @Size(max = Limits.CURSOR)
    @Parameter(description = "nextCursor of the previous page (same sort)")
    public String cursor;

    @QueryParam("limit")
    @Size(max = Limits.SCALAR)
    @Parameter(description = "Page size, 1..1000 (default 100)")
    public String limit;

    @QueryParam("includeDeleted")
    @Size(max = Limits.SCALAR)
    @Parameter(description = "true to include entities deleted at the source (deletedAt set)")
    public String includeDeleted;
}
