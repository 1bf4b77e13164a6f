package dev.canopy.support.sql;

import java.util.List;

import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Native SQL through a Hibernate Reactive session, for the statements entity mapping cannot express or would make
 * slower (bulk {@code unnest} writes, {@code skip locked}, advisory locks, jsonb). Parameters are positional:
 * {@code ?1, ?2, ...} in argument order; result columns are read by name ({@link #tuples}: the column name, or the
 * alias given with {@code as} for an expression such as {@code cast(evidence as text) as evidence}).
 */
public final class NativeQueries {
    private NativeQueries() {
    }

    /**
     * The rows of a query, each a {@link Tuple} whose columns are read by name ({@code row.get("first_seen")}), so a
     * mapper does not depend on the order of the select list. Names are the lower-case column names or aliases.
     */
    public static Uni<List<Tuple>> tuples(Mutiny.Session session, String sql, List<?> params) {
        var query = session.createNativeQuery(sql, Tuple.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }

    /** Runs an insert, update or delete; answers the number of rows it changed. */
    public static Uni<Integer> execute(Mutiny.Session session, String sql, Object... params) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.executeUpdate();
    }

    /** A numeric column (bigint id, count) as a long; SQL null reads as 0. */
    public static long longValue(Object column) {
        return column == null ? 0 : ((Number) column).longValue();
    }
}
