package dev.canopy.findings.domain.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.dlp.Category;
import dev.canopy.dlp.Evidence;
import dev.canopy.dlp.Match;
import dev.canopy.dlp.Severity;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingSeverity;

/**
 * One finding per tenant + detector + content item + evidence: repeats on a page are counted, the same secret on
 * another page or in another tenant is another finding, and drafts keep only masked evidence and its keyed hash.
 */
class DlpDraftsTest {
    private static final DlpDrafts.ContentRef PAGE = new DlpDrafts.ContentRef("site-a", "101", "page", 7, "Runbook",
            "https://example.invalid/wiki/101");
    private static final DlpDrafts.ContentRef OTHER_PAGE = new DlpDrafts.ContentRef("site-a", "102", "page", 1, "Notes", null);

    @Test
    void theSameSecretTwiceOnAPageIsOneFindingWithItsCount() {
        List<FindingDraft> drafts = DlpDrafts.of("t1", PAGE, List.of(match("hmac-1", 3), match("hmac-1", 40),
                match("hmac-2", 55)), Map.of());
        assertThat(drafts).hasSize(2);
        assertThat(drafts.get(0).evidence()).containsEntry("occurrences", 2).containsEntry("line", 3);
        assertThat(drafts.get(1).evidence()).containsEntry("occurrences", 1);
    }

    @Test
    void anotherPageOrAnotherTenantIsAnotherFinding() {
        String here = DlpDrafts.of("t1", PAGE, List.of(match("hmac-1", 3)), Map.of()).get(0).fingerprint();
        assertThat(DlpDrafts.of("t1", OTHER_PAGE, List.of(match("hmac-1", 3)), Map.of()).get(0).fingerprint()).isNotEqualTo(here);
        assertThat(DlpDrafts.of("t2", PAGE, List.of(match("hmac-1", 3)), Map.of()).get(0).fingerprint()).isNotEqualTo(here);
        assertThat(DlpDrafts.of("t1", PAGE, List.of(match("hmac-1", 90)), Map.of()).get(0).fingerprint())
                .as("the same secret moved within the page stays the same finding").isEqualTo(here);
    }

    @Test
    void aDraftDescribesWhereAndCarriesOnlyMaskedEvidence() {
        FindingDraft d = DlpDrafts.of("t1", PAGE, List.of(match("hmac-1", 3)), Map.of()).get(0);
        assertThat(d.kind()).isEqualTo(FindingKind.DLP);
        assertThat(d.severity()).isEqualTo(FindingSeverity.CRITICAL);
        assertThat(d.resourceId()).isEqualTo("site-a:101");
        assertThat(d.resourceName()).isEqualTo("Runbook");
        assertThat(d.srcUrl()).isEqualTo("https://example.invalid/wiki/101");
        assertThat(d.description()).contains("page 'Runbook' version 7 at line 3");
        assertThat(d.remediation()).startsWith("Revoke or rotate");
        assertThat(d.evidence()).containsEntry("maskedSnippet", "sk_live_****").containsEntry("evidenceHash", "hmac-1")
                .containsEntry("fingerprintScheme", DlpDrafts.FINGERPRINT_SCHEME).containsEntry("category", "secret")
                .containsEntry("contentVersion", 7);
    }

    @Test
    void legacyEvidenceFingerprintsMapToTheCurrentFindingOnlyWhenPresent() {
        Match legacy = new Match("stripe-secret-key", "Stripe secret key", Category.SECRET, Severity.CRITICAL, 0.95, 10,
                42, 3, new Evidence("sk_live_****", "hmac-1", "sha-old"));
        Map<String, String> map = DlpDrafts.legacyToCurrent("t1", PAGE, List.of(legacy, match("hmac-2", 9)));
        assertThat(map).hasSize(1);
        assertThat(map.values()).containsExactly(DlpDrafts.of("t1", PAGE, List.of(legacy), Map.of()).get(0).fingerprint());
    }

    private static Match match(String evidenceHash, int line) {
        return new Match("stripe-secret-key", "Stripe secret key", Category.SECRET, Severity.CRITICAL, 0.95, line * 10,
                line * 10 + 32, line, new Evidence("sk_live_****", evidenceHash));
    }
}
