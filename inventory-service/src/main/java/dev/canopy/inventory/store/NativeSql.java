package dev.canopy.inventory.store;

import java.util.List;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** Positional native SQL through the Hibernate Reactive session (parameters ?1, ?2, ... in list order). */
final class NativeSql {
    private NativeSql() {
    }

    static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, List<?> params) {
        var query = session.createNativeQuery(sql, Object[].class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }

    static Uni<Integer> execute(Mutiny.Session session, String sql, Object... params) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.executeUpdate();
    }

    static long count(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
