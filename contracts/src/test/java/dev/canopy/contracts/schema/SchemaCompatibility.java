package dev.canopy.contracts.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a schema can replace its previous version without breaking producers or consumers of the
 * same event type version: every previous property stays with the same type, no new required property, no enum
 * value removed, nested objects and array items checked the same way.
 */
public final class SchemaCompatibility {
    private SchemaCompatibility() {
    }

    public static List<String> breakingChanges(JsonNode previous, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare("", previous, current, problems);
        return problems;
    }

    private static void compare(String path, JsonNode previous, JsonNode current, List<String> problems) {
        if (!types(previous).equals(types(current))) {
            problems.add(where(path) + "type changed from " + types(previous) + " to " + types(current));
        }
        Set<String> prevEnum = values(previous.get("enum"));
        Set<String> curEnum = values(current.get("enum"));
        if (!prevEnum.isEmpty()) {
            for (String v : prevEnum) {
                if (!curEnum.contains(v)) {
                    problems.add(where(path) + "enum value '" + v + "' removed");
                }
            }
        }
        JsonNode prevProps = previous.path("properties");
        JsonNode curProps = current.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = prevProps.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode now = curProps.get(field.getKey());
            if (now == null) {
                problems.add(where(path) + "property '" + field.getKey() + "' removed or renamed");
            } else {
                compare(path + "/" + field.getKey(), field.getValue(), now, problems);
            }
        }
        Set<String> prevRequired = values(previous.get("required"));
        for (String r : values(current.get("required"))) {
            if (!prevRequired.contains(r)) {
                problems.add(where(path) + "property '" + r + "' became required");
            }
        }
        if (previous.has("items") && current.has("items")) {
            compare(path + "[]", previous.get("items"), current.get("items"), problems);
        } else if (previous.has("items") != current.has("items")) {
            problems.add(where(path) + "array items definition added or removed");
        }
        if (previous.has("additionalProperties") && previous.get("additionalProperties").isObject()) {
            JsonNode now = current.get("additionalProperties");
            if (now == null || !now.isObject()) {
                problems.add(where(path) + "map value schema removed");
            } else {
                compare(path + "{}", previous.get("additionalProperties"), now, problems);
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode t = schema.get("type");
        Set<String> s = values(t);
        if (t != null && t.isTextual()) {
            s.add(t.asText());
        }
        return s;
    }

    private static Set<String> values(JsonNode node) {
        Set<String> s = new HashSet<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> s.add(n.asText()));
        }
        return s;
    }

    private static String where(String path) {
        return (path.isEmpty() ? "/" : path) + ": ";
    }
}
