package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.canopy.tools.local.LocalPlatform;

/**
 * README.md's fail-over bound, checked on every service's configuration: a crashed (kill -9) instance's partitions move
 * after {@value #BOUND_MS} ms. A consumer group rebalances only once every member it knows has rejoined or expired,
 * so one consumer left at Kafka's 45 s default in a group (or the Kafka Streams application) holds back every channel
 * of that group: with findings-service's {@code detections-in} at the default, DLP and posture evaluation stalled
 * 45 s after a crash (seen in {@code FailureRecoveryE2ETest}: 66 s from a restart to the first assignment).
 */
class FailoverTimeoutTest {
    private static final long BOUND_MS = 15_000;
    private static final Pattern INCOMING_KAFKA = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w-]+)\\.connector");

    @Test
    void everyKafkaConsumerOfEveryServiceExpiresACrashedMemberWithinTheBound() throws IOException {
        List<String> violations = new ArrayList<>();
        int consumers = 0;
        for (String service : LocalPlatform.SERVICES) {
            Properties p = load(service);
            for (String key : p.stringPropertyNames()) {
                Matcher m = INCOMING_KAFKA.matcher(key);
                if (m.matches() && "smallrye-kafka".equals(p.getProperty(key))) {
                    consumers++;
                    check(violations, service + " channel " + m.group(1),
                            p.getProperty("mp.messaging.incoming." + m.group(1) + ".session.timeout.ms"));
                }
            }
            if (p.stringPropertyNames().stream().anyMatch(k -> k.startsWith("quarkus.kafka-streams."))) {
                consumers++;
                check(violations, service + " Kafka Streams", p.getProperty("kafka-streams.consumer.session.timeout.ms"));
            }
        }
        assertThat(consumers).as("Kafka consumers found in the services' configuration").isGreaterThanOrEqualTo(5);
        assertThat(violations).as("consumers that keep a crashed member longer than %d ms", BOUND_MS).isEmpty();
    }

    private static void check(List<String> violations, String consumer, String sessionTimeout) {
        if (sessionTimeout == null) {
            violations.add(consumer + ": session.timeout.ms not set (Kafka's default is 45000)");
        } else if (Long.parseLong(sessionTimeout.trim()) > BOUND_MS) {
            violations.add(consumer + ": session.timeout.ms=" + sessionTimeout);
        }
    }

    /** The production profile's properties: profile-prefixed keys ({@code %test.…}) are left out by their name. */
    private static Properties load(String service) throws IOException {
        Path file = Path.of("..", service + "-service", "src", "main", "resources", "application.properties");
        assertThat(file).as("configuration of " + service).isRegularFile();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
