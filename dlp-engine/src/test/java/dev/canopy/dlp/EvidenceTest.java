package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {
    @Test
    void maskingNeverLeaksTheSecret() {
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt("s1".getBytes()).build();
        Map<String, String[]> samples = new Samples(7).secrets();
        int checked = 0;
        for (var e : samples.entrySet()) {
            String text = "some prefix " + e.getValue()[0] + " suffix";
            for (Match m : engine.scan(text)) {
                String matched = text.substring(m.start(), m.end());
                // the longest token of the match is the secret (or contains it)
                String longest = java.util.Arrays.stream(matched.split("[\\s\"':=;,@/]+"))
                        .max(java.util.Comparator.comparingInt(String::length)).orElse("");
                if (longest.length() < 8) {
                    continue;
                }
                assertThat(m.evidence().maskedSnippet()).as(e.getKey()).doesNotContain(longest);
                assertThat(m.toString()).doesNotContain(longest);
                assertThat(m.evidence().fingerprint()).hasSize(64).doesNotContain(longest);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void matchHasNoRawValueComponent() {
        for (RecordComponent c : Match.class.getRecordComponents()) {
            assertThat(c.getName()).isNotIn("secret", "value", "raw", "text");
        }
        for (RecordComponent c : Evidence.class.getRecordComponents()) {
            assertThat(c.getType()).isIn(String.class, Explanation.class);
        }
        for (RecordComponent c : Explanation.class.getRecordComponents()) {
            assertThat(c.getName()).isNotIn("secret", "value", "raw", "text", "match");
        }
    }

    @Test
    void fingerprintIsAKeyedHmacAndStable() {
        String text = "AWS key AKIAZ7QW3ERT5YUI2OPA";
        ScanEngine a = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).fingerprintKey("tenant-a".getBytes()).build();
        ScanEngine b = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).fingerprintKey("tenant-b".getBytes()).build();
        Match ma = a.scan(text).get(0);
        assertThat(ma.evidence().fingerprint()).isEqualTo(Evidence.hmac("AKIAZ7QW3ERT5YUI2OPA", "tenant-a".getBytes()));
        assertThat(ma.evidence().fingerprint()).isNotEqualTo(Evidence.hash("AKIAZ7QW3ERT5YUI2OPA", "tenant-a".getBytes()));
        assertThat(ma.evidence().legacyFingerprint()).as("only with a legacy salt").isNull();
        assertThat(a.scan(text).get(0).evidence().fingerprint()).isEqualTo(ma.evidence().fingerprint());
        assertThat(b.scan(text).get(0).evidence().fingerprint()).isNotEqualTo(ma.evidence().fingerprint());
        assertThat(ma.evidence().maskedSnippet()).contains("AKIA********").doesNotContain("PA");

        ScanEngine legacy = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).fingerprintKey("k".getBytes())
                .legacySalt("salt".getBytes()).build();
        assertThat(legacy.scan(text).get(0).evidence().legacyFingerprint())
                .isEqualTo(Evidence.hash("AKIAZ7QW3ERT5YUI2OPA", "salt".getBytes()));
    }

    @Test
    void masksKeepAtMostATypeAppropriateHintAndNeverTheLength() {
        assertThat(Evidence.mask("AKIAZ7QW3ERT5YUI2OPA", Category.SECRET, "AWS")).isEqualTo("AKIA********");
        assertThat(Evidence.mask("hunter22", Category.SECRET, "PASSWORD")).isEqualTo("********");
        assertThat(Evidence.mask("abc", Category.SECRET, "X")).isEqualTo("********");
        assertThat(Evidence.mask("4111 1111 1111 1111", Category.PII, "CREDIT_CARD")).isEqualTo("****1111");
        assertThat(Evidence.mask("123-45-6789", Category.PII, "US_SSN")).isEqualTo("********");
        assertThat(Evidence.mask("123-45-6780", Category.PII, "US_SSN"))
                .as("two SSNs can't be told apart").isEqualTo(Evidence.mask("123-45-6789", Category.PII, "US_SSN"));
        assertThat(Evidence.mask("jane.doe@Example.org", Category.PII, "EMAIL_ADDRESS")).isEqualTo("****@example.org");
        assertThat(Evidence.mask("DE89370400440532013000", Category.PII, "IBAN_CODE")).isEqualTo("DE********");
        assertThat(Evidence.mask("+44 20 7946 0958", Category.PII, "PHONE_NUMBER")).isEqualTo("********");
        assertThat(Evidence.mask("EMP-123456", Category.CUSTOM, "CUSTOM_EMP")).isEqualTo("********");
        assertThat(Evidence.mask("EMP-1234567890123456789012", Category.CUSTOM, "CUSTOM_EMP")).isEqualTo("********");
    }

    @Test
    void snippetsMaskEveryOtherDetectedValueInTheirContext() {
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).fingerprintKey("k".getBytes()).build();
        String text = "mail jane.doe@example.org, card 4111 1111 1111 1111";
        List<Match> matches = engine.scan(text);
        assertThat(matches).extracting(Match::type).contains("EMAIL_ADDRESS", "CREDIT_CARD");
        for (Match m : matches) {
            String snippet = m.evidence().maskedSnippet();
            assertThat(snippet).as(m.type()).doesNotContain("4111").doesNotContain("1111 1111").doesNotContain("jane")
                    .doesNotContain("doe@");
        }
        Match email = matches.stream().filter(m -> m.type().equals("EMAIL_ADDRESS")).findFirst().orElseThrow();
        assertThat(email.evidence().maskedSnippet()).isEqualTo("mail ****@example.org, card [CREDIT_CARD]");
        // undetected digits in the context never show either
        Match ssnNeighbour = engine.scan("order 12 34 56 then AKIAZ7QW3ERT5YUI2OPA").get(0);
        assertThat(ssnNeighbour.evidence().maskedSnippet()).isEqualTo("order ## ## ## then AKIA********");
    }

    @Test
    void customRuleEvidenceMasksTheWholeMatchWithAFixedMask() {
        CustomRule rule = new CustomRule("emp", null, "EMP-([0-9]{6})", List.of("EMP-"), 1, Severity.HIGH, null);
        ScanEngine engine = ScanEngine.builder().add(rule.toDetector()).fingerprintKey("k".getBytes()).build();
        Match m = engine.scan("badge EMP-123456 here").get(0);
        assertThat(m.evidence().maskedSnippet()).isEqualTo("badge ******** here");
    }
}
