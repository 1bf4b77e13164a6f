package dev.canopy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;

/** infra/docker-compose.yml against the published Compose Specification JSON schema. */
class ComposeSchemaTest {

    @Test
    void composeFileIsValidAgainstTheComposeSpecification() {
        JsonSchema schema = Schemas.compose();
        JsonNode compose = Repo.yaml(Repo.infra().resolve("docker-compose.yml"));

        assertThat(Schemas.errors(schema, compose)).as("docker-compose.yml against the Compose Specification")
                .isEmpty();
    }

    @Test
    void theSchemaRejectsABrokenComposeFile() {
        JsonSchema schema = Schemas.compose();
        ObjectNode broken = (ObjectNode) Repo.yaml(Repo.infra().resolve("docker-compose.yml")).deepCopy();
        ObjectNode kafka = (ObjectNode) broken.path("services").path("kafka");
        kafka.put("healthcheck", "yes please"); // an object in the specification
        kafka.put("restart_policy", "always"); // no such service attribute
        ((ObjectNode) broken.path("services").path("kafka-init").path("depends_on").path("kafka"))
                .put("condition", "service_ready"); // not one of the conditions

        List<String> errors = Schemas.errors(schema, broken);

        assertThat(errors).anyMatch(e -> e.contains("healthcheck")).anyMatch(e -> e.contains("restart_policy"))
                .anyMatch(e -> e.contains("condition"));
    }
}
