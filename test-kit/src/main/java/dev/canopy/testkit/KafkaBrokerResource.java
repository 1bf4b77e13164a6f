package dev.canopy.testkit;

import java.util.Map;

import dev.canopy.contracts.topics.TopicProvisioner;
import dev.canopy.contracts.topics.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker in the test JVM, with the platform's topics created.
 * {@code -Dcanopy.test.kafka=host:port} uses an already running broker instead.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafkaBroker broker;
    private static String bootstrap;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", startBroker());
    }

    /** Starts the broker once per JVM (also usable outside Quarkus tests) and returns its bootstrap servers. */
    public static synchronized String startBroker() {
        if (bootstrap != null) {
            return bootstrap;
        }
        String external = System.getProperty("canopy.test.kafka");
        if (external != null && !external.isBlank()) {
            bootstrap = external;
        } else {
            long t0 = System.nanoTime();
            broker = startEmbedded(3);
            bootstrap = broker.getAdvertisedListeners();
            System.out.printf("[canopy-test] Kafka broker at %s started in %d ms%n", bootstrap,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        TopicProvisioner.ensure(Map.of("bootstrap.servers", bootstrap), Topics.ALL);
        System.setProperty("canopy.test.kafka.bootstrap", bootstrap);
        return bootstrap;
    }

    /**
     * The embedded broker picks a free port for each of its two listeners on its own and now and then gets the same
     * one twice ("Each listener must have a different port"); that start is tried again, with fresh ports.
     */
    private static EmbeddedKafkaBroker startEmbedded(int attempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new EmbeddedKafkaBroker()
                        .withNodeId(1)
                        .withDeleteLogDirsOnClose(true)
                        .withAdditionalProperties(p -> {
                            p.put("num.partitions", "3");
                            p.put("group.initial.rebalance.delay.ms", "0");
                            p.put("offsets.topic.num.partitions", "5");
                            p.put("message.max.bytes", "2097152");
                        })
                        .start();
            } catch (IllegalArgumentException e) {
                if (attempt >= attempts || e.getMessage() == null || !e.getMessage().contains("different port")) {
                    throw e;
                }
                System.out.printf("[canopy-test] Kafka broker start %d: %s; trying again%n", attempt, e.getMessage());
            }
        }
    }

    public static String bootstrapServers() {
        return System.getProperty("canopy.test.kafka.bootstrap");
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            bootstrap = null;
        }
    }
}
