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
            synchronized (PortRace.STARTS) {
                broker = startEmbedded(3);
            }
            bootstrap = broker.getAdvertisedListeners();
            System.out.printf("[canopy-test] Kafka broker at %s started in %d ms%n", bootstrap,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        TopicProvisioner.ensure(Map.of("bootstrap.servers", bootstrap), Topics.ALL);
        System.setProperty("canopy.test.kafka.bootstrap", bootstrap);
        return bootstrap;
    }

    /**
     * The embedded broker picks a free port for each of its two listeners by opening and closing a socket, then binds
     * them later: it now and then gets the same one twice ("Each listener must have a different port"), and with
     * modules tested side by side ({@code mvn -T}) another JVM can take a port in between ("Address already in use").
     * A start that fails with such an exception is closed and tried again with fresh ports. A port lost by the
     * controller listener is not an exception: Kafka halts the JVM. This JVM's own PostgreSQL no longer races it
     * ({@link PortRace#STARTS}); another JVM still can, rarely.
     */
    private static EmbeddedKafkaBroker startEmbedded(int attempts) {
        for (int attempt = 1; ; attempt++) {
            EmbeddedKafkaBroker candidate = new EmbeddedKafkaBroker()
                    .withNodeId(1)
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                        p.put("offsets.topic.num.partitions", "5");
                        p.put("message.max.bytes", "2097152");
                    });
            try {
                return candidate.start();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !PortRace.lost(e)) {
                    throw e;
                }
                PortRace.closeQuietly(candidate::close);
                System.out.printf("[canopy-test] Kafka broker start %d lost a port race (%s); trying again%n", attempt,
                        PortRace.reason(e));
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
