package dev.canopy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every service, port, variable, file and health check that docker-compose.yml, the Kubernetes manifests and the
 * Dockerfiles name exists in the modules they deploy, and every variable a service requires is provided.
 */
class DeploymentConsistencyTest {
    private static final Set<String> QUARKUS_HEALTH = Set.of("/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started");
    private static final Set<String> INFRASTRUCTURE_IMAGES = Set.of("apache/kafka", "postgres");
    private static final Pattern HEALTH_URL = Pattern.compile("http://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^\\s\"']*)");
    private static final String SIMULATOR = "atlassian-simulator";

    private final Map<String, Repo.ServiceConfig> services = Repo.services();
    private final JsonNode compose = Repo.yaml(Repo.infra().resolve("docker-compose.yml"));

    @Test
    void servicesAreFound() {
        assertThat(services).as("Quarkus service modules").hasSizeGreaterThanOrEqualTo(4);
        assertThat(Repo.modules()).contains("infra", SIMULATOR);
    }

    @Test
    void composeRunsExactlyTheDeployableModules() {
        Set<String> built = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            JsonNode service = e.getValue();
            if (service.has("build")) {
                Path context = Repo.infra().resolve(service.path("build").path("context").asText()).normalize();
                String module = context.getFileName().toString();
                built.add(module);
                if (!module.equals(e.getKey())) {
                    problems.add(e.getKey() + ": builds module " + module + ", name the service after it");
                }
                Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText("Dockerfile"));
                if (!Files.isRegularFile(dockerfile)) {
                    problems.add(e.getKey() + ": Dockerfile " + dockerfile + " does not exist");
                } else if (!dockerfile.equals(Repo.dockerfile(module))) {
                    problems.add(e.getKey() + ": builds " + dockerfile + ", expected " + Repo.dockerfile(module));
                }
            } else {
                String image = service.path("image").asText();
                if (INFRASTRUCTURE_IMAGES.stream().noneMatch(i -> image.startsWith(i + ":"))) {
                    problems.add(e.getKey() + ": neither a module build nor Kafka/PostgreSQL (" + image + ")");
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(built).as("compose services built from modules")
                .containsExactlyInAnyOrderElementsOf(Repo.deployableModules());
    }

    @Test
    void composeServicesUseTheirPortsVariablesAndQuarkusHealthChecks() {
        List<String> problems = new ArrayList<>();
        services.forEach((module, config) -> {
            JsonNode service = compose.path("services").path(module);
            Map<String, String> env = environment(service.path("environment"));
            int port = env.containsKey("HTTP_PORT") ? Integer.parseInt(env.get("HTTP_PORT")) : config.httpPort();
            int managementPort = env.containsKey("MANAGEMENT_PORT") ? Integer.parseInt(env.get("MANAGEMENT_PORT"))
                    : config.managementPort();
            checkEnvironment("compose " + module, config, env.keySet(), problems);
            // only the API port is published: health and metrics stay inside
            checkComposePorts("compose " + module, service, port, problems);
            Matcher health = HEALTH_URL.matcher(String.join(" ", texts(service.path("healthcheck").path("test"))));
            if (!health.find()) {
                problems.add("compose " + module + ": no HTTP health check");
            } else {
                if (Integer.parseInt(health.group(1)) != managementPort) {
                    problems.add("compose " + module + ": health check on port " + health.group(1)
                            + ", health is served on " + managementPort);
                }
                if (!health.group(2).equals("/q/health/ready")) {
                    problems.add("compose " + module + ": health check " + health.group(2) + ", expected /q/health/ready");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void composeSimulatorUsesItsPortAndVariables() {
        String main = Repo.read(Repo.root().resolve(SIMULATOR)
                .resolve("src/main/java/dev/canopy/simulator/Main.java"));
        Set<String> readsEnv = new TreeSet<>();
        Matcher getenv = Pattern.compile("getenv\\(\\)\\.getOrDefault\\(\"([A-Z0-9_]+)\"|getenv\\(\"([A-Z0-9_]+)\"")
                .matcher(main);
        while (getenv.find()) {
            readsEnv.add(getenv.group(1) != null ? getenv.group(1) : getenv.group(2));
        }
        Matcher portDefault = Pattern.compile("\"SIMULATOR_PORT\",\\s*\"(\\d+)\"").matcher(main);
        assertThat(portDefault.find()).as("SIMULATOR_PORT default in Main.java").isTrue();

        JsonNode service = compose.path("services").path(SIMULATOR);
        Map<String, String> env = environment(service.path("environment"));
        assertThat(readsEnv).containsAll(env.keySet());
        int port = Integer.parseInt(env.getOrDefault("SIMULATOR_PORT", portDefault.group(1)));
        List<String> problems = new ArrayList<>();
        checkComposePorts("compose " + SIMULATOR, service, port, problems);
        assertThat(problems).isEmpty();
        assertThat(String.join(" ", texts(service.path("healthcheck").path("test")))).contains(":" + port + "/");
    }

    @Test
    void composeDependenciesWaitForHealthyOrCompletedServices() {
        List<String> problems = new ArrayList<>();
        JsonNode all = compose.path("services");
        all.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(d -> {
            JsonNode target = all.path(d.getKey());
            String condition = d.getValue().path("condition").asText();
            if (target.isMissingNode()) {
                problems.add(e.getKey() + " depends on unknown service " + d.getKey());
            } else if (target.has("healthcheck") ? !condition.equals("service_healthy")
                    : !condition.equals("service_completed_successfully")) {
                problems.add(e.getKey() + " -> " + d.getKey() + ": condition " + condition);
            }
        }));
        for (String module : services.keySet()) {
            Set<String> deps = new TreeSet<>();
            all.path(module).path("depends_on").fieldNames().forEachRemaining(deps::add);
            if (!deps.containsAll(Set.of("kafka", "postgres", "kafka-init"))) {
                problems.add(module + " does not wait for kafka, kafka-init and postgres: " + deps);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void topicScriptMatchesTheReadmeTopicTable() {
        Map<String, Integer> readme = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(canopy\\.[^`]+)` \\| (\\d+) \\|").matcher(Repo.read(Repo.root()
                .resolve("README.md")));
        while (row.find()) {
            readme.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        Map<String, Integer> script = new LinkedHashMap<>();
        Matcher create = Pattern.compile("(?m)^create (\\S+) (\\d+)").matcher(Repo.read(Repo.infra()
                .resolve("kafka/create-topics.sh")));
        while (create.find()) {
            script.put(create.group(1), Integer.parseInt(create.group(2)));
        }
        assertThat(readme).as("README topic table").isNotEmpty();
        List<String> problems = new ArrayList<>();
        script.forEach((topic, partitions) -> {
            Integer expected = readme.entrySet().stream()
                    .filter(r -> topic.matches(r.getKey().replace(".", "\\.").replaceAll("<[^>]+>", "[^.]+")))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (!partitions.equals(expected)) {
                problems.add(topic + ": " + partitions + " partitions, README says " + expected);
            }
        });
        readme.keySet().stream().filter(t -> !t.contains("<")).filter(t -> !script.containsKey(t))
                .forEach(t -> problems.add(t + " is not created by kafka/create-topics.sh"));
        for (String module : services.keySet()) {
            String props = Repo.read(Repo.root().resolve(module).resolve("src/main/resources/application.properties"));
            if (props.contains("canopy.dlq." + module) && !script.containsKey("canopy.dlq." + module)) {
                problems.add("canopy.dlq." + module + " is used by " + module + " but not created");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dockerfilesBuildTheQuarkusLayoutAsNonRoot() {
        List<String> problems = new ArrayList<>();
        for (String module : Repo.deployableModules()) {
            Path file = Repo.dockerfile(module);
            if (!Files.isRegularFile(file)) {
                problems.add(module + ": no " + file);
                continue;
            }
            String dockerfile = Repo.read(file);
            // findings-service runs on Java 25 with the Vector API module: the DLP engine's vector pass is fast only
            // there (dlp-engine README, "Vector pass"); its test suite passes on both 17 and 25
            String base = module.equals("findings-service") ? "eclipse-temurin:25-jre" : "eclipse-temurin:17-jre";
            if (!dockerfile.contains("FROM " + base)) {
                problems.add(module + ": base image is not " + base);
            }
            if (module.equals("findings-service") && !dockerfile.contains("--add-modules jdk.incubator.vector")) {
                problems.add(module + ": JDK_JAVA_OPTIONS lacks --add-modules jdk.incubator.vector");
            }
            Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
            if (!user.find() || user.group(1).startsWith("root") || user.group(1).startsWith("0")) {
                problems.add(module + ": does not run as a non-root USER");
            }
            if (services.containsKey(module)) {
                for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                        "target/quarkus-app/app/", "target/quarkus-app/quarkus/")) {
                    if (!dockerfile.contains(part)) {
                        problems.add(module + ": does not copy " + part);
                    }
                }
                if (!dockerfile.contains("EXPOSE " + services.get(module).httpPort())) {
                    problems.add(module + ": does not EXPOSE " + services.get(module).httpPort());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kubernetesDeploysExactlyTheServicesWithTheirPortsVariablesAndProbes() {
        Map<String, JsonNode> deployments = new HashMap<>();
        Map<String, Set<String>> configMapKeys = new HashMap<>();
        Map<String, Set<String>> secretKeys = new HashMap<>();
        List<JsonNode> servicesAndBudgets = new ArrayList<>();
        for (Path file : Repo.kubernetesManifests()) {
            for (JsonNode doc : Repo.yamlDocuments(file)) {
                String name = doc.path("metadata").path("name").asText();
                switch (doc.path("kind").asText()) {
                    case "Deployment" -> deployments.put(name, doc);
                    case "ConfigMap" -> configMapKeys.put(name, keys(doc.path("data")));
                    case "Secret" -> {
                        Set<String> keys = keys(doc.path("data"));
                        keys.addAll(keys(doc.path("stringData")));
                        secretKeys.put(name, keys);
                    }
                    case "Service", "PodDisruptionBudget" -> servicesAndBudgets.add(doc);
                    default -> { }
                }
            }
        }
        assertThat(deployments.keySet()).as("Kubernetes Deployments").containsExactlyInAnyOrderElementsOf(
                services.keySet());

        List<String> problems = new ArrayList<>();
        deployments.forEach((name, deployment) -> {
            Repo.ServiceConfig config = services.get(name);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            String where = "k8s " + name;
            if (!container.path("image").asText().startsWith("canopy/" + name + ":")) {
                problems.add(where + ": image " + container.path("image").asText());
            }
            Map<String, String> env = new LinkedHashMap<>();
            container.path("env").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText(null)));
            Set<String> provided = new LinkedHashSet<>(env.keySet());
            container.path("envFrom").forEach(from -> {
                boolean optional = from.path("configMapRef").path("optional").asBoolean(false)
                        || from.path("secretRef").path("optional").asBoolean(false);
                String cm = from.path("configMapRef").path("name").asText(null);
                String secret = from.path("secretRef").path("name").asText(null);
                Set<String> keys = cm != null ? configMapKeys.get(cm) : secretKeys.get(secret);
                if (keys == null) {
                    if (!optional) {
                        problems.add(where + ": envFrom " + (cm != null ? "ConfigMap " + cm : "Secret " + secret)
                                + " is not among the manifests");
                    }
                    return;
                }
                provided.addAll(keys);
            });
            checkEnvironment(where, config, provided, problems);
            int port = env.get("HTTP_PORT") != null ? Integer.parseInt(env.get("HTTP_PORT")) : config.httpPort();
            int managementPort = env.get("MANAGEMENT_PORT") != null ? Integer.parseInt(env.get("MANAGEMENT_PORT"))
                    : config.managementPort();
            Map<String, Integer> namedPorts = new HashMap<>();
            container.path("ports").forEach(p -> {
                namedPorts.put(p.path("name").asText(), p.path("containerPort").asInt());
                int containerPort = p.path("containerPort").asInt();
                if (containerPort != port && containerPort != managementPort) {
                    problems.add(where + ": containerPort " + containerPort + ", the service serves " + port
                            + " (management " + managementPort + ")");
                }
            });
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                if (get.isMissingNode()) {
                    if (!probe.equals("startupProbe")) {
                        problems.add(where + ": no HTTP " + probe);
                    }
                    continue;
                }
                String path = get.path("path").asText();
                String expected = switch (probe) {
                    case "livenessProbe" -> "/q/health/live";
                    case "readinessProbe" -> "/q/health/ready";
                    default -> "/q/health/started";
                };
                if (!path.equals(expected) || !QUARKUS_HEALTH.contains(path)) {
                    problems.add(where + ": " + probe + " on " + path + ", expected " + expected);
                }
                JsonNode probePort = get.path("port");
                int resolved = probePort.isInt() ? probePort.asInt() : namedPorts.getOrDefault(probePort.asText(), -1);
                if (resolved != managementPort) {
                    problems.add(where + ": " + probe + " on port " + probePort + ", health is served on "
                            + managementPort);
                }
            }
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
                problems.add(where + ": pod does not set runAsNonRoot");
            }
            if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": root filesystem is not read-only");
            }
            for (String kind : List.of("requests", "limits")) {
                if (!container.path("resources").path(kind).has("cpu")
                        || !container.path("resources").path(kind).has("memory")) {
                    problems.add(where + ": no cpu/memory " + kind);
                }
            }
            pod.path("volumes").forEach(v -> {
                String cm = v.path("configMap").path("name").asText(null);
                String secret = v.path("secret").path("secretName").asText(null);
                boolean optional = v.path("configMap").path("optional").asBoolean(false)
                        || v.path("secret").path("optional").asBoolean(false);
                if (!optional && cm != null && !configMapKeys.containsKey(cm)) {
                    problems.add(where + ": volume ConfigMap " + cm + " is not among the manifests");
                }
                if (!optional && secret != null && !secretKeys.containsKey(secret)) {
                    problems.add(where + ": volume Secret " + secret + " is not among the manifests");
                }
            });
        });
        for (JsonNode doc : servicesAndBudgets) {
            String where = "k8s " + doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
            JsonNode selector = doc.path("kind").asText().equals("Service") ? doc.path("spec").path("selector")
                    : doc.path("spec").path("selector").path("matchLabels");
            JsonNode target = deployments.values().stream().filter(d -> matches(selector,
                    d.path("spec").path("template").path("metadata").path("labels"))).findFirst().orElse(null);
            if (target == null) {
                problems.add(where + ": selects no Deployment");
                continue;
            }
            if (doc.path("kind").asText().equals("Service")) {
                int port = services.get(target.path("metadata").path("name").asText()).httpPort();
                doc.path("spec").path("ports").forEach(p -> {
                    JsonNode targetPort = p.path("targetPort");
                    boolean ok = targetPort.isInt() ? targetPort.asInt() == port : target.path("spec").path("template")
                            .path("spec").path("containers").get(0).path("ports").findValuesAsText("name")
                            .contains(targetPort.asText());
                    if (!ok || p.path("port").asInt() != port) {
                        problems.add(where + ": port " + p.path("port") + " -> " + targetPort + ", serves " + port);
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kustomizationListsEveryManifest() {
        JsonNode kustomization = Repo.yaml(Repo.infra().resolve("k8s/kustomization.yaml"));
        Set<String> listed = new TreeSet<>(texts(kustomization.path("resources")));
        Set<String> manifests = new TreeSet<>();
        Repo.kubernetesManifests().forEach(f -> manifests.add(f.getFileName().toString()));
        assertThat(listed).isEqualTo(manifests);
        Set<String> images = new TreeSet<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        Set<String> expected = new TreeSet<>();
        services.keySet().forEach(s -> expected.add("canopy/" + s));
        assertThat(images).isEqualTo(expected);
    }

    private static void checkEnvironment(String where, Repo.ServiceConfig config, Set<String> provided,
            List<String> problems) {
        provided.stream().filter(v -> !config.reads(v)).forEach(v -> problems.add(where + ": sets " + v + ", which "
                + config.module() + "'s application.properties does not read"));
        config.requiredEnvVars().stream().filter(v -> !provided.contains(v)).forEach(v -> problems.add(where
                + ": does not set " + v + ", which " + config.module() + " requires (no default)"));
    }

    private static void checkComposePorts(String where, JsonNode service, int port, List<String> problems) {
        if (!service.path("ports").isArray() || service.path("ports").isEmpty()) {
            problems.add(where + ": publishes no port");
        }
        service.path("ports").forEach(p -> {
            String target = p.isObject() ? p.path("target").asText() : p.asText().replaceAll(".*:", "")
                    .replaceAll("/.*", "");
            if (!target.equals(String.valueOf(port))) {
                problems.add(where + ": container port " + target + ", the service serves " + port);
            }
        });
    }

    private static Map<String, String> environment(JsonNode environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText(null)));
        } else {
            environment.forEach(e -> {
                String s = e.asText();
                env.put(s.contains("=") ? s.substring(0, s.indexOf('=')) : s,
                        s.contains("=") ? s.substring(s.indexOf('=') + 1) : null);
            });
        }
        return env;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        Map<String, String> wanted = new HashMap<>();
        selector.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }
}
