package dev.canopy.dlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared (system property canopy.shared.dir); skips the calling test when a file is absent. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String p = System.getProperty("canopy.shared.dir");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        // default: ../shared relative to the repository root (this module is <root>/dlp-engine)
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("dlp-engine")) ? here : here.getParent();
        return root.resolve("../shared").normalize();
    }

    public static String readOrSkip(String relative) {
        Path f = dir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            Assumptions.assumeTrue(false, "shared data file " + f + " is absent (set -Dcanopy.shared.dir); skipping");
        }
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
