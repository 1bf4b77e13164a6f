package dev.canopy.inventory.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.canopy.inventory.store.Filter;

/** Collects the filters of the query parameters that were given, validating each (400 names the parameter). */
final class Filters {
    private final List<Filter> filters = new ArrayList<>();

    /** Exact match of a text field. */
    Filters text(String param, String value, String field) {
        return textWith(param, value, v -> Filter.equalsText(field, v));
    }

    Filters textWith(String param, String value, Function<String, Filter> filter) {
        String v = QueryParams.text(param, value);
        if (v != null) {
            filters.add(filter.apply(v));
        }
        return this;
    }

    /** Match of a boolean field. */
    Filters bool(String param, String value, String field) {
        return boolWith(param, value, b -> Filter.equalsBoolean(field, b));
    }

    Filters boolWith(String param, String value, Function<Boolean, Filter> filter) {
        Boolean b = QueryParams.bool(param, value);
        if (b != null) {
            filters.add(filter.apply(b));
        }
        return this;
    }

    Filters days(String param, String value, Function<Integer, Filter> filter) {
        Integer d = QueryParams.days(param, value);
        if (d != null) {
            filters.add(filter.apply(d));
        }
        return this;
    }

    List<Filter> list() {
        return filters;
    }
}
