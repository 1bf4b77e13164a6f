package dev.canopy.findings;

import static dev.canopy.findings.FindingsTestSupport.findings;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.dlp.Evidence;
import dev.canopy.findings.domain.Fingerprints;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Upgrade from salted-SHA-256 evidence fingerprints to keyed ones: a finding stored under the former scheme is
 * re-keyed by the next scan of its page (seen again, same id), not resolved and duplicated.
 */
@QuarkusTest
class DlpFingerprintUpgradeTest {
    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Inject
    Pool db;

    static ContentData page(int version, String text) {
        return new ContentData("site-1", "hr-2", "page", "space-1", null, "HR", version, "current", "author-1",
                Instant.now(), "https://acme.example/wiki/hr-2", "text/plain", 0, 1, 0, 0, text.length(), text);
    }

    @Test
    void aLegacyFindingIsReKeyedByTheNextScanNotDuplicated() {
        String tenant = TestEvents.uniqueTenant("upgrade");
        String ssn = "536-22-1234";
        events.send(tenant, Instant.now(), page(1, "SSN: " + ssn + "\n"));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(1));
        Object id = findings(tenant, "kind=dlp").get(0).get("id");

        // turn the stored finding into one written before the upgrade: legacy fingerprint, no scheme marker
        String saltHex = db.preparedQuery("select salt from dlp_config where tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> rows.iterator().next().getString("salt")).await().atMost(Duration.ofSeconds(10));
        String legacyHash = Evidence.hash(ssn, HexFormat.of().parseHex(saltHex));
        String legacyFingerprint = Fingerprints.dlp(tenant, "us-ssn", "site-1:hr-2", legacyHash);
        db.preparedQuery("""
                update finding set fingerprint = $2, evidence = (evidence - 'fingerprintScheme')
                    || jsonb_build_object('evidenceHash', cast($3 as text))
                where tenant_id = $1 and kind = 'dlp'
                """).execute(Tuple.of(tenant, legacyFingerprint, legacyHash)).await().atMost(Duration.ofSeconds(10));
        // a configuration change makes the engine be rebuilt (as a restart after the upgrade would)
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of())).put("/api/v1/dlp/config/disabled-builtins").then().statusCode(200);

        events.send(tenant, Instant.now(), page(2, "moved\nSSN: " + ssn + "\n"));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/findings/" + id).then().statusCode(200)
                .body("evidence.contentVersion", org.hamcrest.Matchers.equalTo(2))
                .body("evidence.fingerprintScheme", org.hamcrest.Matchers.equalTo(2)));
        assertThat(findings(tenant, "kind=dlp")).hasSize(1);
        assertThat(findings(tenant, "kind=dlp").get(0).get("status")).isEqualTo("open");
    }
}
