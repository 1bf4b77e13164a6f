package dev.canopy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.tools.CanopyHome;
import dev.canopy.tools.local.LocalPlatform;

/** Starts a {@link LocalPlatform} for a test class: free ports, its own key pair, logs and data under target/e2e. */
final class E2ePlatforms {
    private E2ePlatforms() {
    }

    static LocalPlatform start(String name, SimulatorConfig simulator, boolean persistentData) {
        return start(name, simulator, persistentData, fastTimings());
    }

    /** With {@code serviceEnv} instead of {@link #fastTimings()} (an empty map: production defaults). */
    static LocalPlatform start(String name, SimulatorConfig simulator, boolean persistentData,
            Map<String, String> serviceEnv) {
        return start(name, simulator, persistentData, serviceEnv, Map.of(), false);
    }

    /** With the web console too (local sign-in on; {@code CONSOLE_*} entries of serviceEnv reach it). */
    static LocalPlatform start(String name, SimulatorConfig simulator, boolean persistentData,
            Map<String, String> serviceEnv, boolean console) {
        return start(name, simulator, persistentData, serviceEnv, Map.of(), console);
    }

    /** With {@code replicas} instances of the services it names (the others: one). */
    static LocalPlatform start(String name, SimulatorConfig simulator, boolean persistentData,
            Map<String, String> serviceEnv, Map<String, Integer> replicas) {
        return start(name, simulator, persistentData, serviceEnv, replicas, false);
    }

    /**
     * With {@code replicas} instances of the services it names (the others: one) and, when {@code console}, the web
     * console too (local sign-in on; {@code CONSOLE_*} entries of serviceEnv reach it).
     */
    static LocalPlatform start(String name, SimulatorConfig simulator, boolean persistentData,
            Map<String, String> serviceEnv, Map<String, Integer> replicas, boolean console) {
        Path dir = Path.of(System.getProperty("canopy.e2e.work", "target/e2e")).toAbsolutePath().resolve(name);
        deleteRecursively(dir);
        Path repo = Path.of(System.getProperty("canopy.repo", "..")).toAbsolutePath().normalize();
        LocalPlatform.Options options = new LocalPlatform.Options(repo, new CanopyHome(dir.resolve("home")), false,
                simulator, dir.resolve("logs"), persistentData ? dir.resolve("data") : null, serviceEnv, replicas, console);
        System.out.println("[" + name + "] service logs in " + dir.resolve("logs"));
        long t0 = System.nanoTime();
        LocalPlatform platform = LocalPlatform.start(options,
                m -> System.out.printf("[%s %6.1fs] %s%n", name, (System.nanoTime() - t0) / 1e9, m));
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        return platform;
    }

    /**
     * Production defaults are minutes (leases, retry schedule, evaluation wait); the tests need recovery within
     * seconds. Only durations change, never behaviour; scheduled syncs are off so only the test starts runs.
     */
    static Map<String, String> fastTimings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SYNC_SCHEDULER_ENABLED", "false");
        env.put("SYNC_LEASE_TTL", "PT10S");
        env.put("SYNC_HTTP_BACKOFF_BASE", "PT0.1S");
        env.put("SYNC_HTTP_BACKOFF_MAX", "PT2S");
        env.put("SYNC_HTTP_CIRCUIT_OPEN_FOR", "PT2S");
        env.put("FINDINGS_EVALUATION_MAX_WAIT", "PT20S");
        env.put("FINDINGS_OUTBOX_POLL_INTERVAL", "500ms");
        env.put("FINDINGS_HOUSEKEEPING_INTERVAL", "2s");
        env.put("FINDINGS_DLP_INCOMPLETE_CONTENT_TIMEOUT", "PT30S");
        env.put("NOTIFIER_POLL_INTERVAL", "200ms");
        env.put("NOTIFIER_LEASE", "5s");
        env.put("NOTIFIER_RETRY_SCHEDULE", "0s,1s,2s,5s,10s,20s,30s");
        env.put("NOTIFIER_CIRCUIT_OPEN_FOR", "5s");
        return env;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
