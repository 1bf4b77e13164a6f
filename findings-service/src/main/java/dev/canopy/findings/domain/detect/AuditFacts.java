package dev.canopy.findings.domain.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.canopy.contracts.events.data.AuditEventData;

/**
 * Reads the {@code context[]} entries of an organization audit event ({@code {id, type, attributes}}; the connector
 * keeps them as received). Anything missing or of an unexpected shape reads as absent: audit records are external
 * input and a rule must not fail on them.
 */
final class AuditFacts {
    private final AuditEventData event;

    AuditFacts(AuditEventData event) {
        this.event = event;
    }

    /** One context entry: its type ({@code users}, {@code roles}, {@code policies}, ...), id and attributes. */
    record Entry(String type, String id, Map<?, ?> attributes) {
        String attribute(String name) {
            Object v = attributes.get(name);
            return v == null ? null : v.toString();
        }

        List<String> list(String name) {
            Object v = attributes.get(name);
            List<String> out = new ArrayList<>();
            if (v instanceof Collection<?> c) {
                c.stream().limit(200).forEach(x -> out.add(String.valueOf(x)));
            }
            return out;
        }

        String label() {
            for (String n : List.of("name", "label", "email", "key", "title", "role")) {
                String v = attribute(n);
                if (v != null) {
                    return v;
                }
            }
            return id;
        }
    }

    List<Entry> context() {
        Object raw = event.attributes().get("context");
        List<Entry> out = new ArrayList<>();
        if (raw instanceof Collection<?> entries) {
            for (Object o : entries) {
                if (o instanceof Map<?, ?> m) {
                    Object attributes = m.get("attributes");
                    out.add(new Entry(string(m.get("type")), string(m.get("id")),
                            attributes instanceof Map<?, ?> a ? a : Map.of()));
                }
                if (out.size() >= 50) {
                    break;
                }
            }
        }
        return out;
    }

    Optional<Entry> first(String type) {
        return context().stream().filter(e -> type.equals(e.type())).findFirst();
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
