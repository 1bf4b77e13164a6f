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
            assertThat(c.getType()).isEqualTo(String.class);
        }
    }

    @Test
    void fingerprintIsSaltedAndStable() {
        String text = "AWS key AKIAZ7QW3ERT5YUI2OPA";
        ScanEngine a = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt("tenant-a".getBytes()).build();
        ScanEngine b = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt("tenant-b".getBytes()).build();
        Match ma = a.scan(text).get(0);
        assertThat(ma.evidence().fingerprint()).isEqualTo(Evidence.hash("AKIAZ7QW3ERT5YUI2OPA", "tenant-a".getBytes()));
        assertThat(a.scan(text).get(0).evidence().fingerprint()).isEqualTo(ma.evidence().fingerprint());
        assertThat(b.scan(text).get(0).evidence().fingerprint()).isNotEqualTo(ma.evidence().fingerprint());
        assertThat(ma.evidence().maskedSnippet()).contains("AKIA").contains("PA").contains("*");
    }

    @Test
    void maskShape() {
        assertThat(Evidence.mask("AKIAZ7QW3ERT5YUI2OPA")).isEqualTo("AKIA**************PA");
        assertThat(Evidence.mask("hunter22")).isEqualTo("hu*****2");
        assertThat(Evidence.mask("abc")).isEqualTo("****");
        List<String> none = List.of();
        assertThat(none).isEmpty();
    }
}
