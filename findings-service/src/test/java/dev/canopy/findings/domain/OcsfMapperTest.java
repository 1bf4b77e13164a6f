package dev.canopy.findings.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.findings.OcsfClassValidator;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;

/**
 * The OCSF mapping of finding state changes, record by record: which class, activity, status and compliance result a
 * change becomes, where DLP's remediation and confidence go, and that each record conforms to its OCSF 1.8.0 class
 * (the last check is skipped with its reason when the shared OCSF extract is absent).
 */
class OcsfMapperTest {
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void anOpenPostureFindingIsAFailingComplianceFindingCreate() {
        OcsfFinding r = OcsfMapper.map(posture(FindingStatus.OPEN), FindingActivity.CREATE, UUID.randomUUID(), AT, "1.0");
        assertThat(r.classUid()).isEqualTo(2003);
        assertThat(r.typeUid()).isEqualTo(200301);
        assertThat(r.compliance().status()).isEqualTo("Fail");
        assertThat(r.compliance().statusId()).isEqualTo(3);
        assertThat(r.remediation().desc()).isEqualTo("Enforce SSO");
        assertThat(r.dataSecurity()).isNull();
        assertThat(r.confidenceId()).as("posture checks carry no confidence").isNull();
        assertThat(r.message()).isEqualTo("Admin without SSO on user Ada");
    }

    @Test
    void aResolvedPostureFindingPassesAndASuppressedOneIsAnUpdateThatStillFails() {
        OcsfFinding resolved = OcsfMapper.map(posture(FindingStatus.RESOLVED), FindingActivity.CLOSE, UUID.randomUUID(), AT, "1.0");
        assertThat(resolved.compliance().status()).isEqualTo("Pass");
        assertThat(resolved.activityId()).isEqualTo(3);
        OcsfFinding suppressed = OcsfMapper.map(posture(FindingStatus.SUPPRESSED), FindingActivity.SUPPRESSED,
                UUID.randomUUID(), AT, "1.0");
        assertThat(suppressed.activityId()).as("Compliance Finding has no Suppressed activity").isEqualTo(2);
        assertThat(suppressed.compliance().status()).isEqualTo("Fail");
    }

    @Test
    void aDlpFindingIsADataSecurityFindingWithMaskedMatchConfidenceAndRemediationInUnmapped() {
        OcsfFinding pii = OcsfMapper.map(dlp("pii", 0.9), FindingActivity.CREATE, UUID.randomUUID(), AT, "1.0");
        assertThat(pii.classUid()).isEqualTo(2006);
        assertThat(pii.dataSecurity().categoryId()).as("personal data").isEqualTo(1);
        assertThat(pii.dataSecurity().patternMatch()).isEqualTo("sk_live_****");
        assertThat(pii.remediation()).as("2006 has no remediation attribute").isNull();
        assertThat(pii.unmapped()).containsEntry("remediation", "Rotate the key");
        assertThat(pii.confidenceId()).isEqualTo(3);
        assertThat(pii.confidenceScore()).isEqualTo(90);

        OcsfFinding secret = OcsfMapper.map(dlp("secret", 60), FindingActivity.SUPPRESSED, UUID.randomUUID(), AT, "1.0");
        assertThat(secret.dataSecurity().categoryId()).as("secrets are Other").isEqualTo(99);
        assertThat(secret.activityId()).as("2006 has a Suppressed activity").isEqualTo(4);
        assertThat(secret.confidenceId()).isEqualTo(2);
        assertThat(OcsfMapper.confidenceId(0.4)).isEqualTo(1);
        assertThat(OcsfMapper.confidenceId("high")).as("not a number: no confidence").isNull();
    }

    @Test
    void everyMappedRecordConformsToItsOcsfClass() {
        OcsfClassValidator validator = OcsfClassValidator.fromSharedDir();
        for (OcsfFinding r : new OcsfFinding[] {
                OcsfMapper.map(posture(FindingStatus.OPEN), FindingActivity.CREATE, UUID.randomUUID(), AT, "1.0"),
                OcsfMapper.map(posture(FindingStatus.RESOLVED), FindingActivity.CLOSE, UUID.randomUUID(), AT, "1.0"),
                OcsfMapper.map(dlp("pii", 0.9), FindingActivity.CREATE, UUID.randomUUID(), AT, "1.0"),
                OcsfMapper.map(dlp("secret", 0.5), FindingActivity.SUPPRESSED, UUID.randomUUID(), AT, "1.0")}) {
            JsonNode json = EventJson.mapper().valueToTree(r);
            assertThat(validator.validate(json)).as("OCSF conformance of %s", json).isEmpty();
        }
    }

    private static FindingRow posture(FindingStatus status) {
        return new FindingRow(UUID.randomUUID(), "tenant-a", "fp-1", FindingKind.POSTURE, "admin-without-sso",
                "Admin without SSO", FindingSeverity.HIGH, status, "user", "acc-1", "Ada", "An admin signs in without SSO",
                "Enforce SSO", Map.of(), null, status == FindingStatus.SUPPRESSED ? "accepted risk" : null,
                status == FindingStatus.SUPPRESSED ? "someone" : null, null, AT, AT, AT, 1);
    }

    private static FindingRow dlp(String category, Object confidence) {
        return new FindingRow(UUID.randomUUID(), "tenant-a", "fp-2", FindingKind.DLP, "stripe-secret-key",
                "Stripe secret key", FindingSeverity.CRITICAL, FindingStatus.OPEN, "page", "site:1", "Runbook",
                "A live key in a page", "Rotate the key", Map.of("category", category, "confidence", confidence,
                        "maskedSnippet", "sk_live_****"), "https://example.invalid/wiki/1", null, null, null, AT, AT, AT, 2);
    }
}
