package dev.canopy.connector.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

/**
 * Issue 12 item 5: synchronous verification holds a request worker for as long as Atlassian (or an attacker's slow
 * server) takes — one call per capability, 7 for a one-site connection. Here a fake Atlassian on loopback answers
 * every request after 20 s. Creating a connection must answer at once with a pending verification; another tenant
 * is served meanwhile (its GET answers, its own verification is not starved); a flood of such creates runs on the
 * bounded verifier pool and does not grow threads; the result (with the deadline reached) eventually shows on GET; a
 * newer update supersedes an older in-flight verification, whose late result never overwrites the newer one.
 */
@QuarkusTest
class SlowVerificationAttackTest {
    private static final long SLOW_MS = 20_000;
    /** The client gives up after this: on synchronous code the first create never answers in time. */
    private static final RestAssuredConfig IMPATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 8_000).setParam("http.connection.timeout", 8_000));

    private static ExtractableResponse<Response> create(String token, Object body) {
        return given().config(IMPATIENT).auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/connections").then().extract();
    }

    private static int verifierThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("connection-verifier")).count();
    }

    /** Live threads of this JVM (the application runs in it), not counting this test's own client threads. */
    private static int appThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("slow-test-client")).count();
    }

    private static JsonPath get(String token, String id) {
        return given().auth().oauth2(token).get("/api/v1/connections/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void slowAtlassianNeverHoldsRequestWorkersAndResultsArriveLater() throws Exception {
        int poolSize = ConfigProvider.getConfig().getOptionalValue("canopy.connector.verification.workers", Integer.class)
                .orElse(2);
        Vertx timers = Vertx.vertx();
        ExecutorService clients = Executors.newFixedThreadPool(8, r -> new Thread(r, "slow-test-client"));
        try (FakeAtlassian slow = FakeAtlassian.start(); FakeAtlassian fast = FakeAtlassian.start()) {
            slow.on("/", r -> timers.setTimer(SLOW_MS, t -> {
                try {
                    r.response().putHeader("content-type", "application/json").end("{}");
                } catch (RuntimeException closed) {
                    // the client gave up (deadline) or the connection was reset
                }
            }));
            fast.json("/", 200, "{}");
            String slowUrl = "http://localhost:" + slow.port();
            String fastUrl = "http://localhost:" + fast.port();
            String attacker = TestTokens.tenantAdmin(TestEvents.uniqueTenant("slowpoke"));
            String neighbour = TestTokens.tenantAdmin(TestEvents.uniqueTenant("neighbour"));
            Object slowBody = Attacks.connection(slowUrl, List.of(Attacks.site(slowUrl + "/site", "t")));

            // warm-up (class loading and JIT of the first request in this JVM are not what is measured)
            String warm = create(neighbour, Attacks.connection(fastUrl, List.of(Attacks.site(fastUrl + "/site", "t"))))
                    .path("id");
            Attacks.verified(neighbour, warm);
            given().auth().oauth2(neighbour).delete("/api/v1/connections/" + warm).then().statusCode(204);

            // 1. the create answers at once, verification pending
            long started = System.nanoTime();
            var first = create(attacker, slowBody);
            long firstMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("slow-verification: POST answered %d in %d ms (fake Atlassian answers after %d ms)%n",
                    first.statusCode(), firstMs, SLOW_MS);
            assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
            assertThat(firstMs).as("create answers without waiting for Atlassian").isLessThan(2_000);
            assertThat(first.jsonPath().getString("verification.status")).isIn("pending", "running");
            assertThat(first.jsonPath().getString("verifiedAt")).isNull();
            String firstId = first.path("id");

            // 2. a flood of creates, one after the other: each answers fast, threads do not grow with them
            int threadsBefore = appThreads();
            List<String> flood = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 16; i++) {
                long t0 = System.nanoTime();
                var r = create(attacker, slowBody);
                assertThat(r.statusCode()).isEqualTo(201);
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
                flood.add(r.path("id"));
            }
            Thread.sleep(1_000);
            int threadsAfterSequential = appThreads();
            assertThat(threadsAfterSequential - threadsBefore).as("threads added by 16 sequential pending verifications")
                    .isLessThanOrEqualTo(3);
            // and concurrently: every answer still fast
            List<Future<long[]>> concurrent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                concurrent.add(clients.submit(() -> {
                    long t0 = System.nanoTime();
                    var r = create(attacker, slowBody);
                    flood.add(r.path("id"));
                    return new long[] {r.statusCode(), (System.nanoTime() - t0) / 1_000_000};
                }));
            }
            long slowest = 0;
            for (Future<long[]> f : concurrent) {
                long[] answer = f.get(30, TimeUnit.SECONDS);
                assertThat(answer[0]).isEqualTo(201);
                slowest = Math.max(slowest, answer[1]);
            }
            assertThat(slowest).as("slowest of 8 concurrent creates (ms)").isLessThan(3_000);
            Thread.sleep(1_000);
            int threadsAfter = appThreads();
            System.out.printf("slow-verification: 25 pending verifications, application threads %d -> %d after 16 "
                    + "sequential creates -> %d after 8 concurrent ones, verifier threads %d (pool %d), slowest "
                    + "concurrent create %d ms%n", threadsBefore, threadsAfterSequential, threadsAfter, verifierThreads(),
                    poolSize, slowest);
            assertThat(verifierThreads()).as("verifier threads").isLessThanOrEqualTo(poolSize);
            // 8 concurrent requests may add up to 8 HTTP worker threads (a pool, reused); never one per verification
            assertThat(threadsAfter - threadsAfterSequential).as("threads added by 8 concurrent creates")
                    .isLessThanOrEqualTo(8 + 2);
            List<Map<String, Object>> mine = given().auth().oauth2(attacker).get("/api/v1/connections").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            assertThat(mine.stream().filter(c -> "running".equals(((Map<?, ?>) c.get("verification")).get("status"))))
                    .as("one tenant's verifications in flight at once").hasSizeLessThanOrEqualTo(1);

            // 3. another tenant is served meanwhile: its GET answers at once and its own verification is not starved
            long t0 = System.nanoTime();
            given().auth().oauth2(neighbour).get("/api/v1/connections").then().statusCode(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("neighbour's GET (ms)").isLessThan(1_000);
            var own = create(neighbour, Attacks.connection(fastUrl, List.of(Attacks.site(fastUrl + "/site", "t"))));
            assertThat(own.statusCode()).isEqualTo(201);
            long queuedAt = System.nanoTime();
            JsonPath neighbourDone = Attacks.verified(neighbour, own.path("id"));
            long neighbourMs = (System.nanoTime() - queuedAt) / 1_000_000;
            System.out.printf("slow-verification: neighbour's verification done after %d ms behind the flood%n", neighbourMs);
            assertThat(neighbourMs).as("neighbour's verification is not queued behind the flood").isLessThan(15_000);
            assertThat(neighbourDone.getString("status")).isEqualTo("connected");

            // 4. a newer update supersedes an older in-flight verification
            String third = TestTokens.tenantAdmin(TestEvents.uniqueTenant("supersede"));
            String movedId = create(third, slowBody).path("id");
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "running".equals(get(third, movedId).getString("verification.status")));
            var moved = given().auth().oauth2(third).contentType("application/json")
                    .body(Attacks.connection(fastUrl, List.of(Attacks.site(fastUrl + "/site", "t"))))
                    .put("/api/v1/connections/" + movedId).then().extract();
            assertThat(moved.statusCode()).as(moved.asString()).isEqualTo(200);
            assertThat(moved.jsonPath().getString("verification.status")).isIn("pending", "running");
            JsonPath newer = Attacks.verified(third, movedId);
            assertThat(newer.getList("verification.checks.ok")).hasSize(7).containsOnly(true);

            // 5. the slow verification's result eventually appears: deadline reached, safe reasons only
            JsonPath done = Attacks.verified(attacker, firstId);
            List<Map<String, Object>> checks = done.getList("verification.checks");
            System.out.printf("slow-verification: first result after %d s: %s%n",
                    (System.nanoTime() - started) / 1_000_000_000, checks);
            assertThat(checks).hasSize(7);
            assertThat(checks.get(0).get("ok")).as("the first call answered within the deadline").isEqualTo(true);
            assertThat(checks.subList(1, 7)).allSatisfy(k -> {
                assertThat(k.get("ok")).isEqualTo(false);
                assertThat((String) k.get("reason")).contains("deadline").doesNotContain("{}");
            });
            assertThat(done.getString("verifiedAt")).isNotNull();

            // the superseded slow verification never overwrote the newer result
            Thread.sleep(Math.max(0, SLOW_MS + 2_000 - (System.nanoTime() - queuedAt) / 1_000_000));
            JsonPath still = get(third, movedId);
            assertThat(still.getString("verifiedAt")).isEqualTo(newer.getString("verifiedAt"));
            assertThat(still.getList("verification.checks.ok")).containsOnly(true);

            // clean up: the flood's verifications must not keep the shared pool busy for the next test classes
            for (String id : flood) {
                given().auth().oauth2(attacker).delete("/api/v1/connections/" + id).then().statusCode(204);
            }
        } finally {
            clients.shutdownNow();
            timers.close();
        }
    }
}
