package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every match says why it fired: detector, trigger, check passed, entropy, context words — and nothing raw. */
class ExplanationTest {
    private final ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns())
            .fingerprintKey("k".getBytes()).build();

    private Match only(String text, String detector) {
        List<Match> ms = engine.scan(text).stream().filter(m -> m.detectorId().equals(detector)).toList();
        assertThat(ms).as(text).hasSize(1);
        return ms.get(0);
    }

    @Test
    void validatedCard() {
        Match m = only("Customer paid with card 4111 1111 1111 1111 yesterday.", "credit-card");
        Explanation why = m.evidence().why();
        assertThat(why.detector()).isEqualTo("credit-card");
        assertThat(why.trigger()).isEqualTo("char-class");
        assertThat(why.keyword()).isNull();
        assertThat(why.validator()).isEqualTo("luhn");
        assertThat(why.validatorResult()).isEqualTo("ok");
        assertThat(why.entropy()).isNull(); // personal data: no entropy
        assertThat(why.minEntropy()).isNull();
        assertThat(why.contextWords()).containsExactly("card");
        assertThat(why.contextLowering()).isEmpty();
        assertThat(why.baseConfidence()).isEqualTo(0.6);
        assertThat(m.confidence()).isEqualTo(0.95);
        assertThat(why.decoded()).isNull();
        assertThat(why.toString()).doesNotContain("4111", "1111");
    }

    @Test
    void entropyGatedGenericSecret() {
        String value = "q8Zr2Lx9Vb4Nw7Tk1Hs6";
        Match m = only("settings:\n  service_api_key: \"" + value + "\"\n", "generic-secret-assignment");
        Explanation why = m.evidence().why();
        assertThat(why.trigger()).isEqualTo("keyword");
        assertThat(why.keyword()).isEqualTo("api_key");
        assertThat(why.validator()).isEqualTo("not-placeholder+mixed-classes+not-words+not-example");
        assertThat(why.validatorResult()).isEqualTo("ok");
        assertThat(why.minEntropy()).isEqualTo(3.0);
        assertThat(why.entropy()).isEqualTo(Math.round(dev.canopy.dlp.validate.Checks.shannonEntropy(value) * 100) / 100.0)
                .isGreaterThan(3.0);
        assertThat(why.contextWords()).isEmpty();
        assertThat(why.contextLowering()).isEmpty();
        assertThat(why.baseConfidence()).isEqualTo(0.7);
        assertThat(why.toString()).doesNotContain(value, value.substring(4, 12));
    }

    @Test
    void keywordGatedPhoneAndLoweredSample() {
        Match m = only("Escalation: call the on-call phone +1 415 555 0132 after 18:00.", "phone-number");
        Explanation why = m.evidence().why();
        assertThat(why.validator()).isEqualTo("libphonenumber");
        assertThat(why.validatorResult()).isEqualTo("ok");
        assertThat(why.contextWords()).contains("phone", "call");
        assertThat(why.baseConfidence()).isEqualTo(0.7);
        assertThat(m.confidence()).isEqualTo(1.0);
        assertThat(why.toString()).doesNotContain("415", "0132");

        // a lowering cue nearer than any raising one
        ScanEngine all = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).minConfidence(0.0).build();
        Match lowered = all.scan("Invoice +1 415 555 0132").stream()
                .filter(x -> x.detectorId().equals("phone-number")).findFirst().orElseThrow();
        assertThat(lowered.evidence().why().contextLowering()).containsExactly("invoice");
        assertThat(lowered.evidence().why().contextWords()).isEmpty();
        assertThat(lowered.confidence()).isLessThan(lowered.evidence().why().baseConfidence());
    }

    @Test
    void keywordGatedAadhaarNeedsItsContextWord() {
        String aadhaar = "234567890124"; // Verhoeff-valid, ungrouped: 0.2 alone
        assertThat(engine.scan("Reference " + aadhaar + " in the ledger")).noneMatch(m -> m.detectorId().equals("in-aadhaar"));
        Match m = only("Aadhaar: " + aadhaar, "in-aadhaar");
        Explanation why = m.evidence().why();
        assertThat(why.validator()).isEqualTo("verhoeff");
        assertThat(why.validatorResult()).isEqualTo("ok");
        assertThat(why.contextWords()).containsExactly("aadhaar");
        assertThat(why.baseConfidence()).isLessThan(0.3);
        assertThat(m.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(why.entropy()).isNull();
    }

    @Test
    void prefixTokenNamesItsCheckAndKeyword() {
        Map<String, String[]> samples = new Samples(3).secrets();
        String ghp = samples.get("github-pat")[0];
        Match m = only("token " + ghp + " end", "github-pat");
        Explanation why = m.evidence().why();
        assertThat(why.keyword()).isEqualTo("ghp_");
        assertThat(why.validator()).isEqualTo("not-example");
        assertThat(why.validatorResult()).isEqualTo("ok");
        assertThat(why.entropy()).isGreaterThan(3.0);
        assertThat(why.toString()).doesNotContain(ghp.substring(4));
    }
}
