package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The import rules of README.md's module section, checked on every service's main sources: services never import each
 * other; {@code config/} imports nothing of its service; {@code domain/} imports neither {@code api/} nor
 * {@code messaging/}; {@code store/} imports nothing of its service but {@code config/}.
 */
class LayeringTest {
    private static final List<String> SERVICES = List.of("connector", "inventory", "findings", "notifier");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.canopy\\.(\\w+)\\.(\\w+)", Pattern.MULTILINE);
    /** Which packages of its own service each package may import. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "config", Set.of("config"),
            "store", Set.of("store", "config"),
            "domain", Set.of("domain", "store", "config"),
            "messaging", Set.of("messaging", "domain", "store", "config"),
            "api", Set.of("api", "domain", "store", "config"));

    @Test
    void everyServiceFollowsTheLayeringRules() {
        List<String> violations = new ArrayList<>();
        for (String service : SERVICES) {
            Path root = Path.of("..", service + "-service", "src", "main", "java", "dev", "canopy", service);
            assertThat(root).as("sources of " + service).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    String layer = root.relativize(file).getName(0).toString();
                    assertThat(ALLOWED).as("package %s of %s is one of the five", layer, service).containsKey(layer);
                    Matcher m = IMPORT.matcher(read(file));
                    while (m.find()) {
                        String importedModule = m.group(1);
                        if (SERVICES.contains(importedModule) && !importedModule.equals(service)) {
                            violations.add(file + " imports service " + importedModule);
                        } else if (importedModule.equals(service) && !ALLOWED.get(layer).contains(m.group(2))) {
                            violations.add(file + " (" + layer + ") imports " + m.group(2));
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(violations).as("imports against the layering rules").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
