package dev.canopy.findings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks an OCSF record against the class definitions of the shared OCSF 1.8.0 extract: every required attribute of
 * the class and of each nested object is present, every attribute is defined, types match, enum ids are valid and
 * object constraints (at_least_one, just_one) hold. Skips (JUnit assumption) when the shared material is absent.
 */
public final class OcsfClassValidator {
    private static final Set<String> INTEGRAL = Set.of("integer_t", "long_t", "timestamp_t", "port_t");
    private final JsonNode schema;

    private OcsfClassValidator(JsonNode schema) {
        this.schema = schema;
    }

    public static OcsfClassValidator fromSharedDir() {
        String dir = System.getProperty("canopy.shared.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "system property canopy.shared.dir is not set: OCSF class definitions unavailable, validation skipped");
        Path file = Path.of(dir, "reference", "ocsf", "ocsf-1.8.0-findings-extract.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no OCSF extract at " + file + ": validation skipped");
        try {
            return new OcsfClassValidator(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Every violation found; empty when the record conforms. */
    public List<String> validate(JsonNode record) {
        List<String> errors = new ArrayList<>();
        JsonNode cls = classOf(record.path("class_uid").asInt());
        if (cls == null) {
            errors.add("class_uid " + record.path("class_uid") + " is not a class of the extract");
            return errors;
        }
        validateObject("", record, cls, errors);
        long expectedType = record.path("class_uid").asLong() * 100 + record.path("activity_id").asLong();
        if (record.path("type_uid").asLong() != expectedType) {
            errors.add("type_uid " + record.path("type_uid") + " != class_uid*100+activity_id " + expectedType);
        }
        if (!"1.8.0".equals(record.path("metadata").path("version").asText())) {
            errors.add("metadata.version is not 1.8.0");
        }
        return errors;
    }

    private JsonNode classOf(int uid) {
        for (JsonNode c : schema.path("classes")) {
            if (c.path("uid").asInt() == uid) {
                return c;
            }
        }
        return null;
    }

    private void validateObject(String path, JsonNode node, JsonNode def, List<String> errors) {
        JsonNode attributes = def.path("attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext();) {
            var a = it.next();
            if ("required".equals(a.getValue().path("requirement").asText())
                    && (!node.has(a.getKey()) || node.get(a.getKey()).isNull())) {
                errors.add(path + a.getKey() + " is required");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            var f = it.next();
            JsonNode a = attributes.get(f.getKey());
            if (a == null) {
                errors.add(path + f.getKey() + " is not an attribute of " + def.path("name").asText());
                continue;
            }
            if (a.path("is_array").asBoolean(false)) {
                if (!f.getValue().isArray()) {
                    errors.add(path + f.getKey() + " must be an array");
                    continue;
                }
                int i = 0;
                for (JsonNode el : f.getValue()) {
                    validateValue(path + f.getKey() + "[" + i++ + "]", el, a, errors);
                }
            } else {
                validateValue(path + f.getKey(), f.getValue(), a, errors);
            }
        }
        checkConstraints(path, node, def.path("constraints"), errors);
    }

    private void validateValue(String path, JsonNode v, JsonNode a, List<String> errors) {
        String type = a.path("type").asText();
        boolean ok = switch (type) {
            case "boolean_t" -> v.isBoolean();
            case "float_t" -> v.isNumber();
            case "json_t" -> true;
            case "object_t" -> v.isObject();
            default -> INTEGRAL.contains(type) ? v.isIntegralNumber() : v.isTextual();
        };
        if (!ok) {
            errors.add(path + " must be of type " + type + " but is " + v.getNodeType());
            return;
        }
        if (a.has("enum") && v.isIntegralNumber() && !a.path("enum").has(v.asText())) {
            errors.add(path + " = " + v.asText() + " is not one of " + iterable(a.path("enum").fieldNames()));
        }
        if ("object_t".equals(type)) {
            String objectType = a.path("object_type").asText();
            JsonNode objectDef = schema.path("objects").path(objectType);
            if (!"object".equals(objectType) && !objectDef.isMissingNode()) {
                validateObject(path + ".", v, objectDef, errors);
            }
        }
    }

    private static void checkConstraints(String path, JsonNode node, JsonNode constraints, List<String> errors) {
        JsonNode atLeastOne = constraints.path("at_least_one");
        if (atLeastOne.isArray() && atLeastOne.size() > 0) {
            boolean any = false;
            for (JsonNode n : atLeastOne) {
                any |= node.hasNonNull(n.asText());
            }
            if (!any) {
                errors.add(path + " needs at least one of " + atLeastOne);
            }
        }
        JsonNode justOne = constraints.path("just_one");
        if (justOne.isArray() && justOne.size() > 0) {
            int count = 0;
            for (JsonNode n : justOne) {
                count += node.hasNonNull(n.asText()) ? 1 : 0;
            }
            if (count != 1) {
                errors.add(path + " needs exactly one of " + justOne);
            }
        }
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
