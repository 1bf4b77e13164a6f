package dev.canopy.dlp.prefilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU's feature flags as Linux lists them in {@code /proc/cpuinfo} (the JDK does not expose them): only to pick a
 * {@link BlockMasks} implementation, so an unreadable file means "assume present" (the choice before this was read).
 */
final class CpuFlags {
    private static final List<String> FLAGS = read(Path.of("/proc/cpuinfo"));

    private CpuFlags() {
    }

    /** Whether the CPU lists {@code flag}; true when the flags can't be read (not Linux). */
    static boolean has(String flag) {
        return FLAGS == null || FLAGS.contains(flag);
    }

    /** The first "flags" line's words, or null. */
    static List<String> read(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags") && line.indexOf(':') > 0) {
                    return Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
