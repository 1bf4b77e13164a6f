package dev.canopy.tools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.canopy.contracts.topics.TopicProvisioner;
import dev.canopy.contracts.topics.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real single-node KRaft Kafka broker and a real PostgreSQL server (a database per service), in this JVM, for
 * local runs. Without a data directory both are ephemeral (data deleted on stop). With one, their data lives under it
 * and they keep their ports, so either can be stopped and started again (restart scenarios of the end-to-end tests).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    public static final List<String> DATABASES = List.of("canopy_connector", "canopy_inventory", "canopy_findings",
            "canopy_notifier");

    private final Path dataDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final int postgresPort;
    private final String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgres postgres;

    private EmbeddedInfrastructure(Path dataDir, int kafkaPort, int controllerPort, int postgresPort) {
        this.dataDir = dataDir;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.postgresPort = postgresPort;
    }

    /** Ephemeral: data deleted on close; a port of 0 picks a free one. */
    public static EmbeddedInfrastructure start(int kafkaPort, int postgresPort) {
        return start(kafkaPort, postgresPort, null);
    }

    /** With {@code dataDir} non-null the data survives {@link #restartKafka()} and {@link #restartPostgres()}. */
    public static EmbeddedInfrastructure start(int kafkaPort, int postgresPort, Path dataDir) {
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(dataDir,
                kafkaPort > 0 ? kafkaPort : LocalPlatform.freePort(), LocalPlatform.freePort(),
                postgresPort > 0 ? postgresPort : LocalPlatform.freePort());
        infra.startKafka();
        try {
            TopicProvisioner.ensure(Map.of("bootstrap.servers", infra.kafkaBootstrap()), Topics.ALL);
            infra.startPostgres();
            try (Connection c = infra.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                for (String db : DATABASES) {
                    s.execute("create database " + db);
                }
            }
            return infra;
        } catch (Exception e) {
            infra.close();
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    public synchronized void startKafka() {
        if (kafka != null) {
            return;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(dataDir == null)
                .withAdditionalProperties(p -> {
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("message.max.bytes", "2097152");
                    p.put("offsets.topic.num.partitions", "10");
                    if (dataDir != null) {
                        p.put("log.dirs", dir("kafka").toString());
                    }
                });
        kafka = broker.start();
    }

    public synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** Stops the broker and starts it again on the same port with the same data (needs a data directory). */
    public void restartKafka() {
        requirePersistent();
        stopKafka();
        startKafka();
    }

    public synchronized void startPostgres() {
        if (postgres != null) {
            return;
        }
        try {
            // the library waits 10 s for the server by default; on two busy cores (an e2e suite starting its next
            // platform while the last one's processes exit) a start took longer once and failed the suite
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300")
                    .setPort(postgresPort).setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (dataDir != null) {
                builder.setDataDirectory(dir("postgres")).setCleanDataDirectory(false);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    public synchronized void stopPostgres() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            postgres = null;
        }
    }

    /** Stops PostgreSQL and starts it again on the same port with the same data (needs a data directory). */
    public void restartPostgres() {
        requirePersistent();
        stopPostgres();
        startPostgres();
    }

    /** One of the services' databases ({@link #DATABASES}), for tests that check what a service stored. */
    public synchronized javax.sql.DataSource database(String name) {
        return postgres.getDatabase("postgres", name);
    }

    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    public int postgresPort() {
        return postgresPort;
    }

    private void requirePersistent() {
        if (dataDir == null) {
            throw new IllegalStateException("a restart keeps data only with a data directory");
        }
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(dataDir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopPostgres();
        stopKafka();
    }
}
