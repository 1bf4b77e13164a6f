package dev.canopy.inventory.store;

import java.util.List;

/**
 * One condition on an entity row {@code e}, built only from these factories: field names come from code, values
 * are always bound parameters ({@code ?} placeholders, numbered when the query is assembled).
 */
public record Filter(String sql, List<Object> params) {

    public static Filter equalsText(String field, String value) {
        return new Filter("e.data ->> '" + checked(field) + "' = ?", List.of(value));
    }

    public static Filter notEqualsText(String field, String value) {
        return new Filter("e.data ->> '" + checked(field) + "' is distinct from ?", List.of(value));
    }

    public static Filter equalsBoolean(String field, boolean value) {
        return new Filter("e.data ->> '" + checked(field) + "' = ?", List.of(String.valueOf(value)));
    }

    /** The field holds a JSON array containing {@code value}. */
    public static Filter arrayContains(String field, String value) {
        return new Filter("e.data -> '" + checked(field) + "' @> jsonb_build_array(cast(? as text))", List.of(value));
    }

    /** The field is missing or older than {@code days} days (never active counts as inactive). */
    public static Filter olderThanDays(String field, int days) {
        return new Filter("coalesce(cast(e.data ->> '" + checked(field)
                + "' as timestamptz), '-infinity') < now() - make_interval(days => ?)", List.of(days));
    }

    /** The field is a time in the future, at most {@code days} days from now. */
    public static Filter withinNextDays(String field, int days) {
        String f = "cast(e.data ->> '" + checked(field) + "' as timestamptz)";
        return new Filter(f + " > now() and " + f + " <= now() + make_interval(days => ?)", List.of(days));
    }

    public static Filter emailDomain(String domain) {
        return new Filter("lower(split_part(e.data ->> 'email', '@', 2)) = lower(?)", List.of(domain));
    }

    /**
     * Some platform role names an admin role (e.g. atlassian/org-admin, site-admin), or none does. Matches the
     * array's JSON text (role names carry no quotes), which a partial index covers.
     */
    public static Filter adminRole(boolean admin) {
        String isAdmin = "lower(e.data ->> 'platformRoles') like '%admin%'"; // as the partial index inventory_user_admin
        return new Filter(admin ? isAdmin : "(" + isAdmin + ") is not true", List.of());
    }

    /** The user is a current member of the group or team ({@code kind}). */
    public static Filter memberOf(String kind, String containerId) {
        return new Filter("exists (select 1 from inventory_membership m where m.tenant_id = e.tenant_id"
                + " and m.kind = '" + checked(kind) + "' and m.container_id = ? and m.account_id = e.entity_id)",
                List.of(containerId));
    }

    private static String checked(String name) {
        if (!name.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a field name: " + name);
        }
        return name;
    }
}
