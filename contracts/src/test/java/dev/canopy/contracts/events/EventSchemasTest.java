package dev.canopy.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.canopy.contracts.events.data.EntityData;

/** Every Java event data type serializes to JSON its schema accepts, and the schema rejects what Java rejects. */
class EventSchemasTest {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<EventType, EntityData> SAMPLES = EventSamples.all();

    @Test
    void everyTypeHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void javaJsonValidatesAgainstSchema(EventType type) throws IOException {
        JsonNode json = EventJson.mapper().valueToTree(SAMPLES.get(type));
        Set<ValidationMessage> errors = schema(type).validate(json);
        assertThat(errors).as("%s against %s", json, type.schemaResource()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaListsExactlyTheJavaFields(EventType type) throws IOException {
        JsonNode schemaJson = schemaJson(type);
        Set<String> schemaFields = new java.util.TreeSet<>();
        schemaJson.get("properties").fieldNames().forEachRemaining(schemaFields::add);
        Set<String> javaFields = new java.util.TreeSet<>();
        var javaType = EventJson.mapper().constructType(type.dataClass());
        EventJson.mapper().getSerializationConfig().introspect(javaType).findProperties()
                .forEach(p -> javaFields.add(p.getName()));
        assertThat(schemaFields).isEqualTo(javaFields);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void requiredFieldsAreRequiredOnBothSides(EventType type) throws IOException {
        JsonNode schemaJson = schemaJson(type);
        for (JsonNode required : schemaJson.get("required")) {
            ObjectNode json = EventJson.mapper().valueToTree(SAMPLES.get(type));
            json.remove(required.asText());
            assertThat(schema(type).validate(json)).as("schema without %s", required).isNotEmpty();
            Class<? extends EntityData> cls = type.dataClass();
            var javaType = EventJson.mapper().constructType(cls);
            boolean primitive = EventJson.mapper().getSerializationConfig().introspect(javaType).findProperties()
                    .stream().anyMatch(p -> p.getName().equals(required.asText()) && p.getRawPrimaryType().isPrimitive());
            if (!primitive) {
                assertThatThrownBy(() -> EventJson.mapper().treeToValue(json, cls))
                        .as("Java data without %s", required).isInstanceOf(Exception.class);
            }
        }
    }

    private static JsonSchema schema(EventType type) throws IOException {
        return FACTORY.getSchema(schemaJson(type));
    }

    private static JsonNode schemaJson(EventType type) throws IOException {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema %s", type.schemaResource()).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }
}
