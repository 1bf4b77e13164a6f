package dev.canopy.tools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's JVM memory defaults, read from its image ({@code <svc>/src/main/docker/Dockerfile.jvm}: the
 * {@code JDK_JAVA_OPTIONS} and {@code MALLOC_ARENA_MAX} lines), so a local run uses exactly what a container uses.
 */
final class JvmDefaults {
    private static final List<String> VARIABLES = List.of("JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");
    private static final Pattern ENV = Pattern.compile("^ENV\\s+(\\w+)=\"?([^\"]*)\"?\\s*$");

    private JvmDefaults() {
    }

    /** The variables to pass to the service's JVM; empty when the Dockerfile is not there (e.g. a copied build). */
    static Map<String, String> environment(Path repo, String service) {
        Path dockerfile = repo.resolve(service + "-service/src/main/docker/Dockerfile.jvm");
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.exists(dockerfile)) {
            return env;
        }
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                Matcher m = ENV.matcher(line.trim());
                if (m.matches() && VARIABLES.contains(m.group(1))) {
                    env.put(m.group(1), m.group(2));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + dockerfile, e);
        }
        return env;
    }
}
