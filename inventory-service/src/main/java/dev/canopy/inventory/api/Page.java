package dev.canopy.inventory.api;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.canopy.inventory.store.ListedEntity;

/** Every list answers {items, nextCursor}; pass nextCursor back as {@code cursor} for the next page (null: last page). */
@Schema(name = "Page", description = "One page of a list")
public record Page(
        @Schema(type = SchemaType.ARRAY, description = "Entities: the fields of the entity's event data (see the "
                + "contracts' JSON schemas) plus firstSeen, lastChanged and deletedAt") List<RawValue> items,
        @Schema(description = "Cursor of the next page, absent on the last page", nullable = true) String nextCursor) {

    /** Builds a page from {@code limit + 1} requested rows: the extra row only tells that there is a next page. */
    static Page of(List<ListedEntity> rows, int limit, Function<ListedEntity, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<ListedEntity> shown = more ? rows.subList(0, limit) : rows;
        return new Page(shown.stream().map(r -> new RawValue(r.json())).toList(),
                more ? cursorOf.apply(shown.get(limit - 1)) : null);
    }
}
