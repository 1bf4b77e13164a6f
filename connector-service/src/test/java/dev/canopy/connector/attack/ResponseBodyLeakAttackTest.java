package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Issue 12 item 1: sync errors copied response bodies into run records that tenant-readers see, turning the connector
 * into a reader of whatever answers. Run records and verification results carry the status and a short classified
 * reason only. (Test profile: loopback allowed, so the fake is reached and answers.)
 */
@QuarkusTest
class ResponseBodyLeakAttackTest {

    @Test
    void errorBodiesNeverReachRunRecordsOrVerification() {
        try (FakeAtlassian fake = FakeAtlassian.start()) {
            String banner = "INTERNAL-BANNER redis_version:7.2 secret=hunter2";
            fake.json("/admin/v1/orgs/" + Attacks.ORG + "/users", 403, "{\"message\":\"" + banner + "\"}");
            fake.json("/admin/v1/orgs/" + Attacks.ORG + "/policies", 400, banner);
            fake.json("/admin/api-access/v1/orgs/" + Attacks.ORG + "/api-tokens", 404, banner);
            fake.json("/admin/v1/orgs/" + Attacks.ORG + "/events", 418, banner);
            String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("leak"));
            String id = post(token, Attacks.connection("http://127.0.0.1:" + fake.port(), List.of())).path("id");
            JsonPath c = verified(token, id);
            assertThat(c.prettify()).doesNotContain("INTERNAL-BANNER").doesNotContain("hunter2");
            JsonPath run = Attacks.awaitRun(token, Attacks.trigger(token, id, "full"));
            assertThat(run.getList("errors")).isNotEmpty();
            assertThat(run.prettify()).doesNotContain("INTERNAL-BANNER").doesNotContain("hunter2")
                    .doesNotContain("redis_version");
            assertThat(run.getList("errors").toString()).contains("403");
        }
    }
}
