package dev.canopy.findings.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.canopy.contracts.events.EventJson;
import io.smallrye.mutiny.Uni;

/** Small helpers for native SQL through Hibernate Reactive: parameters and jsonb (timestamps: UtcTimes). */
final class Sql {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Sql() {
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }

    static Map<String, Object> jsonMap(Object text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(text.toString(), MAP);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    static Uni<List<Object[]>> rows(Mutiny.Session s, String sql, List<?> params) {
        var q = s.createNativeQuery(sql, Object[].class);
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q.getResultList();
    }

    static Uni<Integer> update(Mutiny.Session s, String sql, Object... params) {
        var q = s.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.executeUpdate();
    }

    static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
