package dev.canopy.inventory.api;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.inventory.domain.Entities;
import dev.canopy.inventory.store.Filter;
import dev.canopy.inventory.store.Listing;
import dev.canopy.inventory.store.PageRequest;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

/**
 * Serves one page of any listing for the current tenant (from the verified token only): parses paging parameters,
 * reads through {@link Entities} and writes the cursor of the next page.
 */
@RequestScoped
public class EntityLists {

    @Inject
    CurrentTenant tenant;

    @Inject
    Entities entities;

    public Uni<Page<RawValue>> page(Listing listing, ListParams params, List<Filter> filters) {
        PageRequest page = QueryParams.page(listing, params.sort, params.cursor, params.limit, params.includeDeleted);
        String sort = QueryParams.sortParam(page);
        return entities.page(tenant.id(), listing, filters, page).map(rows -> Page.of(rows, page.limit(),
                r -> new RawValue(r.json()), r -> QueryParams.cursor(sort, r.sortValue(), r.entityId())));
    }
}
