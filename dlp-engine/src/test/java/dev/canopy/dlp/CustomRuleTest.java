package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CustomRuleTest {
    @Test
    void tenantRuleWithKeywordsFindsMatches() {
        CustomRule rule = new CustomRule("project-code", "Internal project code", "PRJ-([0-9]{6})", List.of("prj-"), 1,
                Severity.MEDIUM, null);
        ScanEngine e = ScanEngine.builder().add(rule.toDetector()).salt("x".getBytes()).build();
        List<Match> m = e.scan("Budget for PRJ-123456 and PRJ-654321 approved; PRJ-12 is not a code.");
        assertThat(m).hasSize(2).allMatch(x -> x.category() == Category.CUSTOM && x.detectorId().equals("custom:project-code"));
    }

    /** The DFA gate in front of a custom rule's RE2J search changes no match, with and without keywords. */
    @Test
    void gatedRulesFindWhatUngatedRulesFind() {
        String text = dev.canopy.dlp.bench.ConfluenceCorpus.generate(17, 200_000, 400, PlantedSecretsTest.generators())
                .text() + " order ORD-7781-2x and ord-1234-9a, ticket t#4411 ";
        List<CustomRule> rules = List.of(
                new CustomRule("order", null, "(?i)ORD-([0-9]{4}-[0-9][a-z])", List.of("ord-"), 1, Severity.LOW, null),
                new CustomRule("ticket", null, "t#([0-9]{4})\\b", List.of(), 1, Severity.LOW, null),
                new CustomRule("gh", null, "gh[pousr]_[A-Za-z0-9]{36}", List.of("ghp_", "gho_"), 1, Severity.HIGH, null),
                new CustomRule("mailish", null, "[a-z]+\\.[a-z]+@example\\.(?:com|org)$", List.of("@example"), 1,
                        Severity.LOW, null));
        for (CustomRule r : rules) {
            Detector gated = r.toDetector();
            assertThat(gated.windowGate()).as(r.id()).isNotNull();
            Detector plain = gated.toBuilder().windowGate(null).build();
            List<Match> withGate = ScanEngine.builder().add(gated).build().scan(text);
            List<Match> without = ScanEngine.builder().add(plain).build().scan(text);
            assertThat(withGate).as(r.id()).containsExactlyElementsOf(without);
            if (!r.id().equals("mailish")) {
                assertThat(withGate).as(r.id()).isNotEmpty();
            }
        }
    }

    @Test
    void minOccurrencesIsHonoured() {
        CustomRule rule = new CustomRule("emp", null, "\\bEMP[0-9]{5}\\b", List.of(), 3, Severity.LOW, 0.9);
        ScanEngine e = ScanEngine.builder().add(rule.toDetector()).build();
        assertThat(e.scan("EMP12345 and EMP23456")).isEmpty();
        assertThat(e.scan("EMP12345 and EMP23456 and EMP34567")).hasSize(3);
    }

    @Test
    void catastrophicPatternFinishesFast() {
        CustomRule rule = new CustomRule("evil", null, "(a+)+$", List.of(), 1, Severity.LOW, null);
        ScanEngine e = ScanEngine.builder().add(rule.toDetector()).build();
        String text = "a".repeat(100_000) + "b";
        long t0 = System.nanoTime();
        List<Match> m = e.scan(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("(a+)+$ over 100k 'a' + 'b': " + ms + " ms, " + m.size() + " matches");
        assertThat(m).isEmpty();
        assertThat(ms).isLessThan(5_000);
    }

    @Test
    void invalidRulesNameTheProblem() {
        CustomRule bad = new CustomRule("", null, "(?<=x)abc\\1", List.of("a"), 0, null, 2.0);
        List<String> errors = bad.validate();
        assertThat(errors).anyMatch(s -> s.startsWith("id:"));
        assertThat(errors).anyMatch(s -> s.startsWith("regex:") && s.contains("look-around"));
        assertThat(errors).anyMatch(s -> s.startsWith("keywords:"));
        assertThat(errors).anyMatch(s -> s.startsWith("minOccurrences:"));
        assertThat(errors).anyMatch(s -> s.startsWith("severity:"));
        assertThat(errors).anyMatch(s -> s.startsWith("confidence:"));
        assertThatThrownBy(bad::toDetector).isInstanceOf(CustomRule.InvalidRuleException.class);
        assertThat(new CustomRule("empty", null, "a*", List.of(), 1, Severity.LOW, null).validate())
                .anyMatch(s -> s.contains("empty string"));
    }
}
