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
import dev.canopy.findings.domain.dlp.ContentAssembler;
import dev.canopy.findings.domain.dlp.DlpDrafts;
import dev.canopy.findings.domain.dlp.DlpScanning;
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

    @Inject
    DlpScanning scanning;

    static ContentData page(int version, String text) {
        return page("hr-2", version, text);
    }

    static ContentData page(String contentId, int version, String text) {
        return new ContentData("site-1", contentId, "page", "space-1", null, "HR", version, "current", "author-1",
                Instant.now(), "https://acme.example/wiki/" + contentId, "text/plain", 0, 1, 0, 0, text.length(), text);
    }

    /**
     * Turns the tenant's finding on each page (content id → its SSN) into one written before the upgrade (legacy
     * fingerprint, no scheme marker), then changes the DLP configuration so the engine is rebuilt (as a restart after
     * the upgrade would).
     */
    private void makeLegacy(String tenant, Map<String, String> ssnByPage) {
        String saltHex = db.preparedQuery("select salt from dlp_config where tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> rows.iterator().next().getString("salt")).await().atMost(Duration.ofSeconds(10));
        ssnByPage.forEach((contentId, ssn) -> {
            String legacyHash = Evidence.hash(ssn, HexFormat.of().parseHex(saltHex));
            db.preparedQuery("""
                    update finding set fingerprint = $2, evidence = (evidence - 'fingerprintScheme')
                        || jsonb_build_object('evidenceHash', cast($3 as text))
                    where tenant_id = $1 and kind = 'dlp' and evidence->>'contentId' = $4
                    """).execute(Tuple.of(tenant, Fingerprints.dlp(tenant, "us-ssn", "site-1:" + contentId, legacyHash),
                    legacyHash, contentId)).await().atMost(Duration.ofSeconds(10));
        });
        given().auth().oauth2(TestTokens.tenantAdmin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of())).put("/api/v1/dlp/config/disabled-builtins").then().statusCode(200);
    }

    @Test
    void aLegacyFindingIsReKeyedByTheNextScanNotDuplicated() {
        String tenant = TestEvents.uniqueTenant("upgrade");
        String ssn = "536-22-1234";
        events.send(tenant, Instant.now(), page(1, "SSN: " + ssn + "\n"));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(1));
        Object id = findings(tenant, "kind=dlp").get(0).get("id");

        makeLegacy(tenant, Map.of("hr-2", ssn));

        events.send(tenant, Instant.now(), page(2, "moved\nSSN: " + ssn + "\n"));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> given().auth().oauth2(TestTokens.tenantReader(tenant))
                .get("/api/v1/findings/" + id).then().statusCode(200)
                .body("evidence.contentVersion", org.hamcrest.Matchers.equalTo(2))
                .body("evidence.fingerprintScheme", org.hamcrest.Matchers.equalTo(2)));
        assertThat(findings(tenant, "kind=dlp")).hasSize(1);
        assertThat(findings(tenant, "kind=dlp").get(0).get("status")).isEqualTo("open");
    }

    /** Both pages' findings re-keyed when their next versions are applied in one batch (one statement for the tenant). */
    @Test
    void legacyFindingsOfSeveralPagesInOneBatchAreAllReKeyed() {
        String tenant = TestEvents.uniqueTenant("upgrade-batch");
        Map<String, String> ssnByPage = Map.of("hr-2", "536-22-1234", "hr-3", "536-22-4321");
        ssnByPage.forEach((page, ssn) -> events.send(tenant, Instant.now(), page(page, 1, "SSN: " + ssn + "\n")));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(findings(tenant, "kind=dlp")).hasSize(2));
        List<Object> ids = findings(tenant, "kind=dlp").stream().map(f -> f.get("id")).toList();
        makeLegacy(tenant, ssnByPage);

        List<ContentAssembler.Assembled> versions = ssnByPage.entrySet().stream().map(e -> {
            String text = "moved\nSSN: " + e.getValue() + "\n";
            return new ContentAssembler.Assembled(tenant, new DlpDrafts.ContentRef("site-1", e.getKey(), "page", 2, "HR",
                    "https://acme.example/wiki/" + e.getKey()), Instant.now(),
                    List.of(new ContentAssembler.Part(0, text)), text.length());
        }).toList();
        scanning.scanAhead(versions).chain(scanning::apply).await().atMost(Duration.ofSeconds(30));

        List<Map<String, Object>> after = findings(tenant, "kind=dlp");
        assertThat(after).as("re-keyed, not resolved and opened again").hasSize(2);
        assertThat(after.stream().map(f -> f.get("id")).toList()).containsExactlyInAnyOrderElementsOf(ids);
        for (Object id : ids) {
            given().auth().oauth2(TestTokens.tenantReader(tenant)).get("/api/v1/findings/" + id).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("open"))
                    .body("evidence.contentVersion", org.hamcrest.Matchers.equalTo(2))
                    .body("evidence.fingerprintScheme", org.hamcrest.Matchers.equalTo(2));
        }
    }
}
