package dev.canopy.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The build fails when a schema of a released event type version breaks compatibility with the baseline in
 * {@code contracts/schema-baseline/} (the schemas as last released). A breaking change needs a new version.
 */
class SchemaCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASELINE = Path.of("schema-baseline");

    @Test
    void everyReleasedSchemaIsStillCompatible() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> baselines;
        try (Stream<Path> files = Files.list(BASELINE)) {
            baselines = files.filter(p -> p.toString().endsWith(".schema.json")).sorted().toList();
        }
        assertThat(baselines).as("baseline schemas in %s", BASELINE.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(20);
        for (Path baseline : baselines) {
            JsonNode current = current(baseline.getFileName().toString());
            if (current == null) {
                problems.add(baseline.getFileName() + ": released schema was deleted");
                continue;
            }
            SchemaCompatibility.breakingChanges(JSON.readTree(baseline.toFile()), current)
                    .forEach(p -> problems.add(baseline.getFileName() + " " + p));
        }
        assertThat(problems).as("breaking schema changes (add a new event type version instead)").isEmpty();
    }

    @Test
    void detectsRemovedOrRenamedField() throws IOException {
        ObjectNode prev = sample();
        ObjectNode cur = prev.deepCopy();
        ((ObjectNode) cur.get("properties")).remove("email");
        assertThat(SchemaCompatibility.breakingChanges(prev, cur)).singleElement().asString().contains("'email' removed");
    }

    @Test
    void detectsChangedType() throws IOException {
        ObjectNode prev = sample();
        ObjectNode cur = prev.deepCopy();
        ((ObjectNode) cur.at("/properties/email")).put("type", "integer");
        assertThat(SchemaCompatibility.breakingChanges(prev, cur)).singleElement().asString().contains("type changed");
    }

    @Test
    void detectsNewRequiredField() throws IOException {
        ObjectNode prev = sample();
        ObjectNode cur = prev.deepCopy();
        ((ArrayNode) cur.get("required")).add("email");
        assertThat(SchemaCompatibility.breakingChanges(prev, cur)).singleElement().asString().contains("became required");
    }

    @Test
    void acceptsNewOptionalField() throws IOException {
        ObjectNode prev = sample();
        ObjectNode cur = prev.deepCopy();
        ((ObjectNode) cur.get("properties")).putObject("nickname").put("type", "string");
        assertThat(SchemaCompatibility.breakingChanges(prev, cur)).isEmpty();
    }

    private static ObjectNode sample() throws IOException {
        return (ObjectNode) current("user.v1.schema.json");
    }

    private static JsonNode current(String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream("schemas/" + name)) {
            return in == null ? null : JSON.readTree(in);
        }
    }
}
