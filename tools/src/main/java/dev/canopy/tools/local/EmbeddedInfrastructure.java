package dev.canopy.tools.local;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.topics.TopicProvisioner;
import dev.canopy.contracts.topics.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real single-node KRaft Kafka broker and a real PostgreSQL server (a database per service), in this JVM,
 * for local runs. Both are ephemeral: their data is deleted on stop.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    public static final List<String> DATABASES = List.of("canopy_connector", "canopy_inventory", "canopy_findings",
            "canopy_notifier");

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgres postgres;
    private final String bootstrap;

    private EmbeddedInfrastructure(EmbeddedKafkaBroker kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.bootstrap = kafka.getAdvertisedListeners();
    }

    public static EmbeddedInfrastructure start(int kafkaPort, int postgresPort) {
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaPort(kafkaPort)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("message.max.bytes", "2097152");
                    p.put("offsets.topic.num.partitions", "10");
                })
                .start();
        try {
            TopicProvisioner.ensure(Map.of("bootstrap.servers", kafka.getAdvertisedListeners()), Topics.ALL);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
            if (postgresPort > 0) {
                builder.setPort(postgresPort);
            }
            EmbeddedPostgres pg = builder.start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                for (String db : DATABASES) {
                    s.execute("create database " + db);
                }
            }
            return new EmbeddedInfrastructure(kafka, pg);
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    public String kafkaBootstrap() {
        return bootstrap;
    }

    public int postgresPort() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (Exception e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        kafka.close();
    }
}
