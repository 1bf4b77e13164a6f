package dev.canopy.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The repository as the infra tests see it: modules, their configuration, and the infra files. */
final class Repo {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(}|:)");

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("canopy.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.dir")).resolve("..");
        return root.toAbsolutePath().normalize();
    }

    static Path infra() {
        return root().resolve("infra");
    }

    static Path schemaDir() {
        String configured = System.getProperty("canopy.infra.schema.dir");
        return configured != null ? Path.of(configured) : infra().resolve("target/schemas");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file (anchors, aliases and merge keys resolved, as Compose and kubectl do). */
    static List<JsonNode> yamlDocuments(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml(options).loadAll(reader)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " has " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    /** Modules of the root pom, in order. */
    static List<String> modules() {
        Matcher m = MODULE.matcher(read(root().resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /** Quarkus services: modules whose application.properties sets quarkus.http.port. */
    static Map<String, ServiceConfig> services() {
        Map<String, ServiceConfig> services = new TreeMap<>();
        for (String module : modules()) {
            Path props = root().resolve(module).resolve("src/main/resources/application.properties");
            if (Files.isRegularFile(props) && read(props).contains("quarkus.http.port")) {
                services.put(module, ServiceConfig.parse(module, props));
            }
        }
        return services;
    }

    /** Modules that ship a container image: the services plus any module with src/main/docker/Dockerfile.jvm. */
    static Set<String> deployableModules() {
        Set<String> deployable = new LinkedHashSet<>(services().keySet());
        for (String module : modules()) {
            if (Files.isRegularFile(dockerfile(module))) {
                deployable.add(module);
            }
        }
        return deployable;
    }

    static Path dockerfile(String module) {
        return root().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    }

    /** Kubernetes manifests of infra/k8s (every YAML file except kustomization.yaml). */
    static List<Path> kubernetesManifests() {
        try (Stream<Path> files = Files.list(infra().resolve("k8s"))) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(f -> !f.getFileName().toString().startsWith("kustomization.")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one service's application.properties reads from the environment. */
    record ServiceConfig(String module, int httpPort, int managementPort, Set<String> envVarsRead,
            Set<String> requiredEnvVars, Set<String> propertyKeys) {

        static ServiceConfig parse(String module, Path file) {
            Map<String, String> props = new LinkedHashMap<>();
            for (String line : read(file).split("\\R")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                props.put(trimmed.substring(0, trimmed.indexOf('=')).strip(),
                        trimmed.substring(trimmed.indexOf('=') + 1).strip());
            }
            Set<String> read = new LinkedHashSet<>();
            Set<String> required = new LinkedHashSet<>();
            Set<String> keys = new LinkedHashSet<>();
            props.forEach((key, value) -> {
                keys.add(key);
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    String name = m.group(1);
                    if (!name.equals(name.toUpperCase())) {
                        continue; // a system property such as ${user.home}, not an environment variable
                    }
                    read.add(name);
                    // no default in the production profile: the variable has to be set
                    if (m.group(2).equals("}") && !key.startsWith("%")) {
                        required.add(name);
                    }
                }
            });
            String port = props.get("quarkus.http.port");
            Matcher portDefault = Pattern.compile("\\$\\{HTTP_PORT:(\\d+)}|^(\\d+)$").matcher(port);
            if (!portDefault.find()) {
                throw new IllegalStateException(module + ": no default in quarkus.http.port=" + port);
            }
            int httpPort = Integer.parseInt(portDefault.group(1) != null ? portDefault.group(1) : portDefault.group(2));
            // health and metrics move to the management interface when it is enabled
            int managementPort = httpPort;
            if ("true".equals(props.get("quarkus.management.enabled"))) {
                Matcher m = Pattern.compile("\\$\\{MANAGEMENT_PORT:(\\d+)}|^(\\d+)$")
                        .matcher(props.getOrDefault("quarkus.management.port", "9000"));
                if (!m.find()) {
                    throw new IllegalStateException(module + ": no default in quarkus.management.port");
                }
                managementPort = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return new ServiceConfig(module, httpPort, managementPort, read, required, keys);
        }

        /**
         * Whether the service reads this variable: a ${VAR} placeholder of its application.properties, or the
         * standard environment form of a configuration property (QUARKUS_*, or one of its own keys upper-cased
         * with non-alphanumerics as '_').
         */
        boolean reads(String envVar) {
            if (envVarsRead.contains(envVar) || envVar.startsWith("QUARKUS_")) {
                return true;
            }
            return propertyKeys.stream().filter(k -> !k.startsWith("%"))
                    .anyMatch(k -> k.replaceAll("[^A-Za-z0-9]", "_").toUpperCase().equals(envVar));
        }
    }
}
