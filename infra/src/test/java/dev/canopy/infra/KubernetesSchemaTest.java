package dev.canopy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;

/** Every manifest of infra/k8s against the published Kubernetes JSON schema of its apiVersion and kind. */
class KubernetesSchemaTest {

    @Test
    void everyManifestIsValidForItsKind() {
        Schemas.Kubernetes kubernetes = Schemas.kubernetes();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : Repo.kubernetesManifests()) {
            List<JsonNode> docs = Repo.yamlDocuments(file);
            for (int i = 0; i < docs.size(); i++) {
                JsonNode doc = docs.get(i);
                String where = Repo.infra().relativize(file) + " document " + (i + 1) + " ("
                        + doc.path("kind").asText("?") + " " + doc.path("metadata").path("name").asText("?") + ")";
                JsonSchema schema = kubernetes.forKind(doc.path("apiVersion").asText(), doc.path("kind").asText());
                if (schema == null) {
                    problems.add(where + ": no published schema for apiVersion " + doc.path("apiVersion")
                            + " kind " + doc.path("kind"));
                    continue;
                }
                Schemas.errors(schema, doc).forEach(e -> problems.add(where + ": " + e));
                checked++;
            }
        }
        assertThat(problems).as("Kubernetes manifests against their schemas").isEmpty();
        assertThat(checked).as("manifests checked").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theSchemaRejectsABrokenDeployment() {
        Schemas.Kubernetes kubernetes = Schemas.kubernetes();
        JsonNode deployment = Repo.yamlDocuments(Repo.infra().resolve("k8s/connector-service.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().deepCopy();
        ObjectNode spec = (ObjectNode) deployment.path("spec");
        spec.put("replicas", "two");
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec")
                .path("containers").get(0);
        container.set("readinessProbe.httpGet", container.get("readinessProbe")); // misspelt field
        ((ArrayNode) container.path("ports")).addObject().put("containerPort", "http");

        List<String> errors = Schemas.errors(kubernetes.forKind("apps/v1", "Deployment"), deployment);

        assertThat(errors).anyMatch(e -> e.contains("replicas")).anyMatch(e -> e.contains("readinessProbe.httpGet"))
                .anyMatch(e -> e.contains("containerPort"));
        assertThat(kubernetes.forKind("policy/v1", "PodDisruptionBudget")).isNotNull();
        assertThat(kubernetes.forKind("apps/v1", "Deploymnet")).isNull();
    }
}
