package dev.canopy.tools.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.canopy.simulator.AtlassianSimulator;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.tools.Args;
import dev.canopy.tools.CanopyHome;

/**
 * The whole platform on one machine: embedded Kafka and PostgreSQL and the Atlassian simulator in this JVM, the four
 * services as separate JVMs. Used by {@code canopy-tools local} and by the end-to-end tests.
 */
public final class LocalPlatform implements AutoCloseable {
    public static final List<String> SERVICES = List.of("connector", "inventory", "findings", "notifier");

    private final EmbeddedInfrastructure infra;
    private final AtlassianSimulator simulator;
    private final Map<String, ServiceProcess> services;

    private LocalPlatform(EmbeddedInfrastructure infra, AtlassianSimulator simulator, Map<String, ServiceProcess> services) {
        this.infra = infra;
        this.simulator = simulator;
        this.services = services;
    }

    /** Where things are and which ports to use; {@code fixedPorts} false picks free ports (tests). */
    public record Options(Path repo, CanopyHome home, boolean fixedPorts, SimulatorConfig simulator, Path logDir) {
        public static Options defaults() {
            CanopyHome home = CanopyHome.fromEnvironment();
            return new Options(Path.of(System.getProperty("canopy.repo", ".")).toAbsolutePath().normalize(), home,
                    true, SimulatorConfig.testDefaults().withPort(8090), home.root().resolve("logs"));
        }
    }

    public static LocalPlatform start(Options o, Progress progress) {
        progress.step("starting Kafka (KRaft) and PostgreSQL");
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(o.fixedPorts() ? 9092 : 0, o.fixedPorts() ? 15432 : 0);
        AtlassianSimulator simulator = null;
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        try {
            progress.step("Kafka at " + infra.kafkaBootstrap() + ", PostgreSQL on port " + infra.postgresPort());
            simulator = AtlassianSimulator.start(o.fixedPorts() ? o.simulator() : o.simulator().withPort(0));
            progress.step("Atlassian simulator at " + simulator.baseUrl());
            int basePort = 8081;
            for (String name : SERVICES) {
                int port = o.fixedPorts() ? basePort++ : freePort();
                ServiceProcess p = new ServiceProcess(name + "-service",
                        o.repo().resolve(name + "-service/target/quarkus-app/quarkus-run.jar"), port,
                        environment(o, infra, name), o.logDir());
                services.put(name, p);
                p.start();
            }
            for (ServiceProcess p : services.values()) {
                progress.step("waiting for " + p.name() + " (log: " + p.logFile() + ")");
                p.awaitReady(Duration.ofSeconds(120));
                progress.step(p.name() + " ready at " + p.url());
            }
            return new LocalPlatform(infra, simulator, services);
        } catch (RuntimeException e) {
            services.values().forEach(s -> s.stop(false));
            if (simulator != null) {
                simulator.stop();
            }
            infra.close();
            throw e;
        }
    }

    static Map<String, String> environment(Options o, EmbeddedInfrastructure infra, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        String db = "canopy_" + service;
        env.put("DB_REACTIVE_URL", "postgresql://localhost:" + infra.postgresPort() + "/" + db);
        env.put("DB_JDBC_URL", "jdbc:postgresql://localhost:" + infra.postgresPort() + "/" + db);
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("CANOPY_JWT_PUBLIC_KEY", "file:" + o.home().publicKey());
        env.put("CANOPY_CRYPTO_KEY_K1", o.home().credentialsKey());
        // the demo's webhook receiver listens on localhost
        env.put("CANOPY_NOTIFIER_ALLOW_PRIVATE_TARGETS", "true");
        env.put("CANOPY_NOTIFIER_REQUIRE_HTTPS", "false");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        return env;
    }

    public String serviceUrl(String name) {
        return services.get(name).url();
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public AtlassianSimulator simulator() {
        return simulator;
    }

    public String kafkaBootstrap() {
        return infra.kafkaBootstrap();
    }

    @Override
    public void close() {
        services.values().forEach(s -> s.stop(false));
        simulator.stop();
        infra.close();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints what happens, with the time since start. */
    public interface Progress {
        void step(String message);

        static Progress console() {
            long t0 = System.nanoTime();
            return m -> System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, m);
        }
    }

    public static void main(String[] rawArgs) throws Exception {
        Args args = Args.parse(rawArgs);
        Options options = Options.defaults();
        Files.createDirectories(options.logDir());
        Progress progress = Progress.console();
        LocalPlatform platform = start(options, progress);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping everything...");
            platform.close();
            stopped.countDown();
        }));
        DemoScenario.run(platform, options.home(), args, progress);
        if (args.flag("exit-after-summary")) {
            System.exit(0);
        }
        System.out.println("Canopy is running. Press Ctrl-C to stop everything.");
        stopped.await();
    }
}
