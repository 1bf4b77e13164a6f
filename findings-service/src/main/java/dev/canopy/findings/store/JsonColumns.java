package dev.canopy.findings.store;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.canopy.contracts.events.EventJson;

/** jsonb columns of the findings tables as JSON text (parameters) and maps (results). */
final class JsonColumns {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    static String toText(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }

    static Map<String, Object> toMap(Object text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(text.toString(), MAP);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
