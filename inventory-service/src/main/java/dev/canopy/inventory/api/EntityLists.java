package dev.canopy.inventory.api;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import dev.canopy.inventory.store.EntityStore;
import dev.canopy.inventory.store.Filter;
import dev.canopy.inventory.store.Listing;
import dev.canopy.inventory.store.PageRequest;
import io.smallrye.mutiny.Uni;

/** Serves one page of any listing for the current tenant (from the verified token only). */
@RequestScoped
public class EntityLists {

    @Inject
    CurrentTenant tenant;

    @Inject
    EntityStore store;

    public Uni<Page<RawValue>> page(Listing listing, ListParams params, List<Filter> filters) {
        PageRequest page = QueryParams.page(listing, params.sort, params.cursor, params.limit, params.includeDeleted);
        PageRequest oneMore = new PageRequest(page.sort(), page.descending(), page.afterSortValue(), page.afterId(),
                page.limit() + 1, page.includeDeleted());
        String sort = QueryParams.sortParam(page);
        return store.list(tenant.id(), listing, filters, oneMore)
                .map(rows -> Page.of(rows, page.limit(), r -> new RawValue(r.json()), r -> QueryParams.cursor(sort, r.sortValue(), r.entityId())));
    }
}
