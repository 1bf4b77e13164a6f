package dev.canopy.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private copy of a service's {@code target/quarkus-app}: the running JVM then doesn't lose its classes when the
 * module is rebuilt while the platform runs (the build deletes and rewrites {@code lib/}). Files are hard links when
 * the file system allows (a rebuild writes new files, the links keep the old ones), copies otherwise.
 */
final class ServiceSnapshot {
    private ServiceSnapshot() {
    }

    /** Copies {@code source} to {@code target} (replacing it) and answers {@code target}; retries while a build rewrites it. */
    static Path copy(Path source, Path target) {
        if (!Files.exists(source.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(source.resolve("quarkus-run.jar") + " is missing: build first (mvn -B install -DskipTests)");
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                delete(target);
                try (Stream<Path> files = Files.walk(source)) {
                    files.forEach(f -> copyOne(f, target.resolve(source.relativize(f).toString())));
                }
                return target;
            } catch (IOException | UncheckedIOException e) {
                last = new IllegalStateException("could not copy " + source + " (a build may be rewriting it)", e);
                ServiceProcess.sleep(2000);
            }
        }
        throw last;
    }

    private static void copyOne(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else {
                try {
                    Files.createLink(to, from);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
