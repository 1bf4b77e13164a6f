package dev.canopy.support.rest;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What every list endpoint answers: {@code {items, nextCursor}}. Pass {@code nextCursor} back as {@code cursor} for
 * the next page; it is null on the last page.
 */
@Schema(name = "Page", description = "One page of a list; pass nextCursor back as cursor for the next page")
public record Page<T>(
        @Schema(description = "The items of this page, in the list's order") List<T> items,
        @Schema(description = "Cursor of the next page, null on the last page", nullable = true) String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * A page from {@code limit + 1} fetched rows: the extra row only tells that there is a next page, whose cursor
     * is taken from the last row shown.
     *
     * @param item how a row is shown
     * @param cursorAfter the cursor that continues after a row
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<? super R, ? extends T> item,
            Function<? super R, String> cursorAfter) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        List<T> items = shown.stream().<T>map(item).toList();
        return new Page<>(items, more ? cursorAfter.apply(shown.get(limit - 1)) : null);
    }
}
