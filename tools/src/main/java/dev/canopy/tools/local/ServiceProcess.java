package dev.canopy.tools.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Canopy service running as its own JVM ({@code java -jar quarkus-run.jar}), logging to a file. */
public final class ServiceProcess {
    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path logFile;
    private Process process;

    /** {@code port} serves the API; {@code managementPort} health, metrics, OpenAPI and (when enabled) Swagger UI. */
    public ServiceProcess(String name, Path jar, int port, int managementPort, Map<String, String> env, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = managementPort;
        this.env = Map.copyOf(env);
        this.logFile = logDir.resolve(name + ".log");
    }

    public synchronized void start() {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -B install -DskipTests)");
        }
        // heap and other memory settings come in JDK_JAVA_OPTIONS (the image's defaults, see JvmDefaults)
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("HTTP_PORT", String.valueOf(port));
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        try {
            Files.createDirectories(logFile.getParent());
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} on the management port answers 200. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logFile);
    }

    /**
     * Asks the JVM for a graceful shutdown (SIGTERM) without waiting for it; {@link #stop} then waits. Lets a
     * platform stop all its services at once (findings-service's takes ~8 s: Kafka Streams closes its tasks).
     */
    public synchronized void requestStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Stops the JVM: {@code force} is kill -9 (crash), otherwise a graceful shutdown. */
    public synchronized void stop(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Crash and come back: kill -9, start again, wait for readiness. */
    public void killAndRestart(Duration readyTimeout) {
        stop(true);
        start();
        awaitReady(readyTimeout);
    }

    /** Peak resident set size of the running JVM in KiB ({@code VmHWM} in {@code /proc/<pid>/status}), -1 if unknown. */
    public long peakRssKib() {
        return procStatusKib("VmHWM:");
    }

    /** Current resident set size of the running JVM in KiB ({@code VmRSS}), -1 if unknown. */
    public long rssKib() {
        return procStatusKib("VmRSS:");
    }

    private long procStatusKib(String field) {
        long pid = pid();
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Health, metrics and OpenAPI (never on the API port). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
