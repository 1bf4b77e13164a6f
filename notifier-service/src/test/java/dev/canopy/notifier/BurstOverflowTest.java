package dev.canopy.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.testkit.OcsfFindings;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A burst larger than an endpoint's queue: the jobs that do not fit go back to the database and must be claimed back
 * as soon as the queue has room, not at the next poll. The poll here runs once an hour, so without the eager claim
 * the test waits for it and fails (the knee benchmark found bursts draining at one claim batch per poll interval).
 */
@QuarkusTest
@TestProfile(BurstOverflowTest.SmallQueues.class)
class BurstOverflowTest {
    public static final class SmallQueues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("canopy.notifier.poll-interval", "1h", "canopy.notifier.endpoint-queue", "5",
                    "canopy.notifier.claim-batch", "10", "canopy.notifier.endpoint-concurrency", "2");
        }
    }

    private static final int BURST = 60;
    @RegisterExtension
    static final TestEvents events = new TestEvents();
    @Test
    void aBurstLargerThanTheQueueIsDeliveredWithoutWaitingForThePoll() throws Exception {
        try (Receiver receiver = new Receiver()) {
            burst(receiver.endpoint(call -> new Receiver.Answer(200, Map.of(), 20)));
        }
    }

    private static void burst(Receiver.Endpoint endpoint) {
        String tenant = TestEvents.uniqueTenant("burst");
        WebhookDeliveryTest.subscribe(tenant, endpoint.url(), Map.of());
        for (int i = 0; i < BURST; i++) {
            events.send(tenant, Instant.now(), OcsfFindings.posture(tenant, "f-burst-" + i, 4, "New", "ip-allowlist-missing"));
        }

        await().atMost(Duration.ofSeconds(45)).until(() -> findingIds(endpoint).size() == BURST);
        // at-least-once, but one webhook-id per finding however often it was sent
        Map<String, Set<String>> idsPerFinding = endpoint.successful().stream().collect(Collectors.groupingBy(
                r -> JsonPath.from(r.body()).getString("data.findingId"),
                Collectors.mapping(r -> r.header("webhook-id"), Collectors.toSet())));
        assertThat(idsPerFinding).hasSize(BURST).allSatisfy((finding, ids) -> assertThat(ids).hasSize(1));
    }

    private static Set<String> findingIds(Receiver.Endpoint endpoint) {
        return endpoint.successful().stream().map(r -> JsonPath.from(r.body()).getString("data.findingId"))
                .collect(Collectors.toSet());
    }
}
