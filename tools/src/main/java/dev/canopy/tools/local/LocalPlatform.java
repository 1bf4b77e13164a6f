package dev.canopy.tools.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.canopy.simulator.AtlassianSimulator;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.tools.Args;
import dev.canopy.tools.CanopyHome;

/**
 * The whole platform on one machine: embedded Kafka and PostgreSQL, the Atlassian simulator and a webhook receiver in
 * this JVM, the four services as separate JVMs. Used by {@code canopy-tools local} and by the end-to-end tests.
 */
public final class LocalPlatform implements AutoCloseable {
    public static final List<String> SERVICES = List.of("connector", "inventory", "findings", "notifier");
    static final String CONSOLE = "console";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final CanopyHome home;
    private final EmbeddedInfrastructure infra;
    private final AtlassianSimulator simulator;
    private final WebhookReceiver webhooks;
    /** Every service's running instances (replicas), in start order; the first serves {@link #serviceUrl}. */
    private final Map<String, List<ServiceProcess>> services;
    private final Options options;
    private final Map<String, Integer> ports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPlatform(Options options, EmbeddedInfrastructure infra, AtlassianSimulator simulator, WebhookReceiver webhooks,
            Map<String, List<ServiceProcess>> services, Map<String, Integer> ports) {
        this.home = options.home();
        this.options = options;
        this.infra = infra;
        this.simulator = simulator;
        this.webhooks = webhooks;
        this.services = services;
        this.ports = ports;
    }

    /**
     * Where things are and which ports to use. {@code fixedPorts} false picks free ports (tests); a non-null
     * {@code dataDir} keeps Kafka and PostgreSQL data there so they can be restarted; {@code serviceEnv} is added to
     * (and overrides) every service's environment; {@code replicas} says how many instances of a service to start
     * (absent: one). Replicas after the first always listen on free ports.
     */
    public record Options(Path repo, CanopyHome home, boolean fixedPorts, SimulatorConfig simulator, Path logDir,
            Path dataDir, Map<String, String> serviceEnv, Map<String, Integer> replicas, boolean console) {
        /** One instance of each service, without the console (what most end-to-end tests need). */
        public Options(Path repo, CanopyHome home, boolean fixedPorts, SimulatorConfig simulator, Path logDir,
                Path dataDir, Map<String, String> serviceEnv) {
            this(repo, home, fixedPorts, simulator, logDir, dataDir, serviceEnv, Map.of(), false);
        }

        public static Options defaults() {
            CanopyHome home = CanopyHome.fromEnvironment();
            return new Options(Path.of(System.getProperty("canopy.repo", ".")).toAbsolutePath().normalize(), home,
                    true, SimulatorConfig.testDefaults().withPort(8090), home.root().resolve("logs"), null, Map.of(), Map.of(),
                    true);
        }

        public Options withSimulator(SimulatorConfig config) {
            return new Options(repo, home, fixedPorts, config, logDir, dataDir, serviceEnv, replicas, console);
        }

        /** Also start the web console (port 8080 with fixed ports), local sign-in enabled. */
        public Options withConsole() {
            return new Options(repo, home, fixedPorts, simulator, logDir, dataDir, serviceEnv, replicas, true);
        }

        public Options withReplicas(Map<String, Integer> counts) {
            return new Options(repo, home, fixedPorts, simulator, logDir, dataDir, serviceEnv, Map.copyOf(counts), console);
        }

        int replicasOf(String service) {
            return Math.max(1, replicas.getOrDefault(service, 1));
        }
    }

    public static LocalPlatform start(Options o, Progress progress) {
        progress.step("starting Kafka (KRaft) and PostgreSQL");
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(o.fixedPorts() ? 9092 : 0,
                o.fixedPorts() ? 15432 : 0, o.dataDir());
        AtlassianSimulator simulator = null;
        WebhookReceiver webhooks = null;
        Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
        try {
            progress.step("Kafka at " + infra.kafkaBootstrap() + ", PostgreSQL on port " + infra.postgresPort());
            simulator = AtlassianSimulator.start(o.fixedPorts() ? o.simulator() : o.simulator().withPort(0));
            progress.step("Atlassian simulator at " + simulator.baseUrl());
            webhooks = WebhookReceiver.start(o.fixedPorts() ? 8099 : 0);
            progress.step("webhook receiver at " + webhooks.url());
            Map<String, Integer> ports = new LinkedHashMap<>();
            Map<String, Integer> managementPorts = new LinkedHashMap<>();
            int basePort = 8081;
            for (String name : SERVICES) {
                // API on 8081..8084, management (health, metrics, OpenAPI, Swagger UI) on 9081..9084
                managementPorts.put(name, o.fixedPorts() ? basePort + 1000 : freePort());
                ports.put(name, o.fixedPorts() ? basePort++ : freePort());
            }
            progress.step("copying the service builds to " + o.home().root().resolve("apps"));
            for (String name : SERVICES) {
                ServiceSnapshot.copy(o.repo().resolve(name + "-service/target/quarkus-app"), snapshot(o, name));
                List<ServiceProcess> replicas = new ArrayList<>();
                services.put(name, replicas);
                for (int i = 0; i < o.replicasOf(name); i++) {
                    ServiceProcess p = i == 0
                            ? process(o, infra, name, name + "-service", ports.get(name), managementPorts.get(name), ports)
                            : process(o, infra, name, replicaName(name, i), freePort(), freePort(), ports);
                    replicas.add(p);
                    p.start();
                }
            }
            if (o.console()) {
                Path app = ServiceSnapshot.copy(o.repo().resolve("console/target/quarkus-app"),
                        o.home().root().resolve("apps").resolve("console"));
                ServiceProcess console = new ServiceProcess(CONSOLE, app.resolve("quarkus-run.jar"),
                        o.fixedPorts() ? 8080 : freePort(), o.fixedPorts() ? 9080 : freePort(),
                        consoleEnvironment(o, ports), o.logDir());
                services.put(CONSOLE, new ArrayList<>(List.of(console)));
                console.start();
            }
            for (List<ServiceProcess> replicas : services.values()) {
                for (ServiceProcess p : replicas) {
                    progress.step("waiting for " + p.name() + " (log: " + p.logFile() + ")");
                    awaitReadyRestartingOnce(p, progress);
                    progress.step(p.name() + " ready at " + p.url());
                }
            }
            if (o.console()) {
                progress.step("Canopy console: " + services.get(CONSOLE).get(0).url() + "  (local sign-in, tenant demo)");
            }
            return new LocalPlatform(o, infra, simulator, webhooks, services, ports);
        } catch (RuntimeException e) {
            services.values().forEach(list -> list.forEach(s -> s.stop(false)));
            if (webhooks != null) {
                webhooks.close();
            }
            if (simulator != null) {
                simulator.stop();
            }
            infra.close();
            throw e;
        }
    }

    private static ServiceProcess process(Options o, EmbeddedInfrastructure infra, String service, String processName,
            int port, int managementPort, Map<String, Integer> ports) {
        return new ServiceProcess(processName, snapshot(o, service).resolve("quarkus-run.jar"), port, managementPort,
                environment(o, infra, service, ports), o.logDir());
    }

    /** Where the service's build is copied once at start; every instance of it runs from there. */
    private static Path snapshot(Options o, String service) {
        return o.home().root().resolve("apps").resolve(service + "-service");
    }

    /** {@code inventory-service-2} for the second instance, and so on (log file and process name). */
    private static String replicaName(String service, int index) {
        return service + "-service-" + (index + 1);
    }

    /**
     * On an overloaded machine a service can give up at start (e.g. Flyway's connection acquisition timeout while
     * PostgreSQL is slow); one more start is what an orchestrator would do too.
     */
    private static void awaitReadyRestartingOnce(ServiceProcess p, Progress progress) {
        try {
            p.awaitReady(READY_TIMEOUT);
        } catch (IllegalStateException e) {
            if (p.alive()) {
                throw e;
            }
            progress.step(e.getMessage() + "; starting it once more");
            p.start();
            p.awaitReady(READY_TIMEOUT);
        }
    }

    static Map<String, String> environment(Options o, EmbeddedInfrastructure infra, String service,
            Map<String, Integer> ports) {
        // the image's memory defaults (heap, stack size, malloc arenas); serviceEnv may override them
        Map<String, String> env = new LinkedHashMap<>(JvmDefaults.environment(o.repo(), service));
        String db = "canopy_" + service;
        if (!"connector".equals(service)) {
            // the connector uses plain JDBC only
            env.put("DB_REACTIVE_URL", "postgresql://localhost:" + infra.postgresPort() + "/" + db);
        }
        env.put("DB_JDBC_URL", "jdbc:postgresql://localhost:" + infra.postgresPort() + "/" + db);
        env.put("DB_USER", "postgres");
        // the services run in the prod profile, which has no default password: always set it
        env.put("DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("CANOPY_JWT_PUBLIC_KEY", "file:" + o.home().publicKey());
        env.put("CANOPY_CRYPTO_ACTIVE_KEY", "k1");
        env.put("CANOPY_CRYPTO_KEY_K1", o.home().credentialsKey());
        env.put("CANOPY_DLP_FINGERPRINT_KEY", o.home().fingerprintKey());
        // the local webhook receiver listens on 127.0.0.1 over plain http
        env.put("NOTIFIER_ALLOW_PRIVATE_TARGETS", "true");
        env.put("NOTIFIER_REQUIRE_HTTPS", "false");
        if ("connector".equals(service)) {
            // the simulator switch of the connector's egress policy (README "Security model"): the simulator listens on
            // localhost over plain http; Atlassian's own hosts stay allowed for --org-id runs
            env.put("CANOPY_CONNECTOR_ALLOWED_HOSTS", "localhost,127.0.0.1");
            env.put("CANOPY_CONNECTOR_ALLOW_INTERNAL_ADDRESSES", "true");
            env.put("CANOPY_CONNECTOR_ALLOW_HTTP", "true");
        }
        // links in webhook payloads point at this machine's findings-service
        env.put("FINDINGS_API_URL", "http://localhost:" + ports.get("findings"));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // Swagger UI on each service's management port for the local demo (off by default in production)
        env.put("CANOPY_SWAGGER_UI", "true");
        env.putAll(o.serviceEnv());
        return env;
    }

    /**
     * The console's environment: the services' URLs, the key pair's private half (it mints short-lived per-service
     * tokens from each signed-in session) and the local sign-in, which only a local run enables.
     */
    static Map<String, String> consoleEnvironment(Options o, Map<String, Integer> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : SERVICES) {
            env.put("CONSOLE_" + name.toUpperCase(java.util.Locale.ROOT) + "_URL", "http://localhost:" + ports.get(name));
        }
        env.put("CONSOLE_TOKEN_PRIVATE_KEY", "file:" + o.home().privateKeyFile());
        env.put("CONSOLE_LOCAL_SIGN_IN", "true");
        // plain http on localhost: a Secure cookie would not be sent back
        env.put("CONSOLE_SECURE_COOKIE", "false");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        o.serviceEnv().forEach((k, v) -> {
            if (k.startsWith("CONSOLE_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    /** The console's URL, or null when it was not started. */
    public String consoleUrl() {
        List<ServiceProcess> console = services.get(CONSOLE);
        return console == null ? null : console.get(0).url();
    }

    public String serviceUrl(String name) {
        return service(name).url();
    }

    /** The service's first instance (the one {@link #serviceUrl} points at). */
    public ServiceProcess service(String name) {
        return services.get(name).get(0);
    }

    /** Every instance of the service started so far (killed ones included), in start order. */
    public synchronized List<ServiceProcess> replicas(String name) {
        return List.copyOf(services.get(name));
    }

    /** Starts one more instance of the service on free ports; returns once it is ready. */
    public ServiceProcess startReplica(String name) {
        ServiceProcess p;
        synchronized (this) {
            List<ServiceProcess> replicas = services.get(name);
            p = process(options, infra, name, replicaName(name, replicas.size()), freePort(), freePort(), ports);
            replicas.add(p);
        }
        p.start();
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /** Kill -9 one service and start it again; returns when it is ready. */
    public void crashAndRestart(String name) {
        service(name).killAndRestart(READY_TIMEOUT);
    }

    /** The key pair the services trust (mint tokens with it). */
    public CanopyHome home() {
        return home;
    }

    public AtlassianSimulator simulator() {
        return simulator;
    }

    public WebhookReceiver webhooks() {
        return webhooks;
    }

    public EmbeddedInfrastructure infrastructure() {
        return infra;
    }

    public String kafkaBootstrap() {
        return infra.kafkaBootstrap();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // all at once, then wait: one after the other took ~14 s per platform (findings ~8, inventory and notifier ~3)
        List<ServiceProcess> all = services.values().stream().flatMap(List::stream).toList();
        all.forEach(ServiceProcess::requestStop);
        all.forEach(s -> s.stop(false));
        webhooks.close();
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
        int status = 0;
        try {
            DemoScenario.run(platform, options.home(), args, progress);
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage() + " (service logs in " + options.logDir() + ")");
            status = 1;
        }
        if (args.flag("exit-after-summary")) {
            System.exit(status);
        }
        System.out.println("Canopy is running. Press Ctrl-C to stop everything.");
        stopped.await();
    }
}
