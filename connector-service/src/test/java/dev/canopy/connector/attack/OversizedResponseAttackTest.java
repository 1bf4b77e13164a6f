package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Issue 12 item 5 (unbounded {@code readAllBytes}): a fake Atlassian on loopback answers a valid but enormous JSON
 * document (256 MB, streamed). The connector must stop reading at its JSON cap, drop the connection and fail that
 * resource with a short reason, not buffer the whole body.
 */
@QuarkusTest
class OversizedResponseAttackTest {
    private static final long HUGE = 256L << 20;

    @Test
    void aHugeJsonAnswerIsCutOffAtTheCap() {
        try (FakeAtlassian fake = FakeAtlassian.start()) {
            AtomicLong sent = new AtomicLong();
            fake.json("/admin/v1/orgs/" + Attacks.ORG + "/policies", 200, "{\"data\":[]}");
            fake.json("/admin/api-access/v1/orgs/" + Attacks.ORG + "/api-tokens", 200, "{\"data\":[]}");
            fake.on("/admin/v1/orgs/" + Attacks.ORG + "/users", r -> {
                HttpServerResponse response = r.response().setChunked(true).putHeader("content-type", "application/json");
                response.write("{\"data\":[],\"pad\":\"");
                stream(response, Buffer.buffer("a".repeat(1 << 20)), sent);
            });
            String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("huge"));
            String id = post(token, Attacks.connection("http://127.0.0.1:" + fake.port(), List.of())).path("id");
            JsonPath c = verified(token, id);
            Map<String, Object> users = Attacks.check(c, "admin-users");
            assertThat(users.get("ok")).isEqualTo(false);
            assertThat((String) users.get("reason")).contains("too large");
            long afterVerification = sent.get();
            assertThat(afterVerification).as("bytes the fake managed to send").isLessThan(HUGE);

            JsonPath run = Attacks.awaitRun(token, Attacks.trigger(token, id, "full"));
            assertThat(run.getList("errors").toString()).contains("too large");
            assertThat(run.getLong("metrics.bytes")).as("bytes read by the run").isLessThan(64L << 20);
        }
    }

    private static void stream(HttpServerResponse response, Buffer chunk, AtomicLong sent) {
        while (!response.writeQueueFull()) {
            if (response.closed() || sent.get() >= HUGE) {
                if (!response.closed()) {
                    response.end("\"}");
                }
                return;
            }
            response.write(chunk);
            sent.addAndGet(chunk.length());
        }
        response.drainHandler(v -> stream(response, chunk, sent));
    }
}
