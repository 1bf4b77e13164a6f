package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.dlp.limits.Re2Size;
import dev.canopy.dlp.limits.RuleLimits;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Save-time limits of tenant rules and the scan-time budget. */
class RuleLimitsTest {

    static CustomRule rule(String regex, List<String> keywords) {
        return new CustomRule("r1", null, regex, keywords, 1, Severity.HIGH, null);
    }

    @Test
    void nestedRepetitionIsRejectedBeforeCompiling() {
        // would be ~10^9 instructions: RE2J runs out of memory compiling it
        List<String> errors = rule("((a{1000}){1000}){1000}", List.of("aa")).validate();
        assertThat(errors).singleElement().asString().startsWith("regex: ").contains("instructions");
        assertThat(rule("(?:x{100}){99}", List.of("xx")).validate()).isEmpty(); // 9 904: under the limit
        assertThat(rule("(?:x{100}){100}", List.of("xx")).validate()).singleElement().asString().startsWith("regex:");
    }

    @Test
    void keywordlessRulesMustBeCheapOverAMebibyte() {
        assertThat(rule("(?:[\\s\\S]{1000}){100}", List.of()).validate()).singleElement().asString()
                .startsWith("regex: ").contains("instructions");
        assertThat(rule("[\\s\\S]{1000}", List.of()).validate()).singleElement().asString()
                .startsWith("regex: without keywords");
        assertThat(rule("[\\s\\S]{1000}", List.of("secret")).validate()).as("fine with keywords").isEmpty();
        assertThat(rule("EMP-[0-9]{6}", List.of()).validate()).isEmpty();
        assertThat(rule("[\\s\\S]{60}", List.of()).validate()).as("64 instructions").isEmpty();
        assertThat(rule("[\\s\\S]{61}", List.of()).validate()).hasSize(1);
    }

    @Test
    void keywordAndLengthCaps() {
        List<String> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "kw" + i).toList();
        assertThat(rule("x+y", many).validate()).anyMatch(e -> e.startsWith("keywords: at most 50"));
        assertThat(rule("x+y", List.of("k".repeat(65))).validate()).anyMatch(e -> e.startsWith("keywords:"));
        assertThat(rule("a".repeat(2001), List.of("aa")).validate()).anyMatch(e -> e.startsWith("regex: longer"));
    }

    /**
     * An imported rule set within every limit whose linear-time gates are each expensive to build (nondeterministic
     * repeats make the subset construction explore thousands of states before it gives up): the import spends at
     * most its gate budget on them, whatever the number of rules, and every rule still detects (the rules past the
     * budget confirm without a gate).
     */
    @Test
    void gitleaksImportSpendsABoundedTimeOnGates() {
        StringBuilder toml = new StringBuilder();
        String alternatives = String.join("|", "abcdefghijklmnopqrstuvwxyz0123".chars()
                .mapToObj(c -> "[a-z0-9]*" + (char) c + "[a-z0-9]{8}").toList());
        int rules = 150;
        for (int i = 0; i < rules; i++) {
            toml.append("[[rules]]\nid = \"slow-gate-").append(i).append("\"\nregex = '''(?i)tok").append(i)
                    .append("_(?:").append(alternatives).append(")'''\nkeywords = [\"tok").append(i).append("_\"]\n")
                    .append("[[rules.allowlists]]\nregexes = ['''(?:").append(alternatives).append(")x''']\n\n");
        }
        // a budget of 1 s keeps the test short; unbounded, these 150 rules took ~13 CPU-seconds
        RuleLimits d = RuleLimits.DEFAULTS;
        RuleLimits oneSecond = new RuleLimits(d.maxProgramSize(), d.maxKeywordlessSteps(), d.maxRegexLength(),
                d.maxNesting(), d.maxKeywords(), d.maxKeywordLength(), d.maxImportedRules(), Duration.ofSeconds(1));
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        GitleaksImporter.Result r = GitleaksImporter.load(toml.toString(), oneSecond);
        double seconds = (mx.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%d slow-gate rules imported in %.1f CPU-seconds (gate budget 1 s)%n", rules, seconds);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.detectors()).hasSize(rules);
        assertThat(seconds).isLessThan(5);
        ScanEngine engine = ScanEngine.builder().addAll(r.detectors()).build();
        String text = "a TOK0_zzzzb12345678 and tok149_qqqq7abcdefgh and tok77_nothing here";
        assertThat(engine.scan(text)).extracting(Match::detectorId)
                .containsExactly("gitleaks:slow-gate-0", "gitleaks:slow-gate-149");
    }

    @Test
    void gitleaksImportRejectsTheSameRulesWithReasons() {
        String toml = """
                [[rules]]
                id = "bomb"
                regex = '''((a{1000}){1000}){1000}'''
                keywords = ["aa"]

                [[rules]]
                id = "slow-everywhere"
                regex = '''(?:[\\s\\S]{1000}){100}'''

                [[rules]]
                id = "allowlist-bomb"
                regex = '''tok_[a-z]{10}'''
                keywords = ["tok_"]
                [[rules.allowlists]]
                regexes = ['''((b{1000}){1000}){1000}''']

                [[rules]]
                id = "fine"
                regex = '''acme_[a-z0-9]{20}'''
                keywords = ["acme_"]
                """;
        GitleaksImporter.Result r = GitleaksImporter.load(toml);
        assertThat(r.detectors()).extracting(Detector::id).containsExactly("gitleaks:fine");
        assertThat(r.rejected()).extracting(GitleaksImporter.Rejected::ruleId)
                .containsExactly("bomb", "slow-everywhere", "allowlist-bomb");
        assertThat(r.rejected()).allMatch(x -> x.reason().contains("regex: "));

        RuleLimits two = new RuleLimits(10_000, 64 * RuleLimits.ONE_MIB, 2000, 50, 50, 64, 1,
                RuleLimits.DEFAULTS.gateBuildCpu());
        GitleaksImporter.Result capped = GitleaksImporter.load(toml.replace("bomb", "b2").replace("((a{1000}){1000}){1000}",
                "x{3}"), two);
        assertThat(capped.detectors()).hasSize(1);
        assertThat(capped.rejected()).anyMatch(x -> x.reason().contains("more than 1 rules"));
    }

    static String randomText(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        Random rnd = new Random(7);
        while (sb.length() < chars) {
            sb.append((char) ('a' + rnd.nextInt(26)));
            if (rnd.nextInt(7) == 0) {
                sb.append(' ');
            }
        }
        return sb.substring(0, chars);
    }

    @Test
    void aRuleOverItsTimeBudgetIsStoppedSkippedAndReported() {
        String text = randomText(1 << 20);
        // accepted at save time (keywords), but its keyword is everywhere: it runs over the whole text (a Unicode
        // class, which the DFA gates don't translate: with [a-z ] the gate rules every window out without RE2J)
        CustomRule slow = new CustomRule("slow", null, "[\\pL ]{0,1000}qqqq", List.of("th"), 1, Severity.HIGH, null);
        CustomRule quick = new CustomRule("quick", null, "zq[a-z]{3}", List.of("zq"), 1, Severity.LOW, null);
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).add(slow.toDetector())
                .add(quick.toDetector()).budget(Duration.ofMillis(200), Duration.ofSeconds(5)).build();
        ScanBudget budget = engine.newBudget();
        long t0 = System.nanoTime();
        List<Match> matches = engine.scan(text, budget);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(budget.exceeded()).containsExactly("custom:slow");
        assertThat(matches).extracting(Match::detectorId).contains("custom:quick");
        assertThat(ms).as("scan stopped near the budget, not after the ~minute the rule needs").isLessThan(3_000);
        System.out.println("RuleLimits: 1 MiB with a rule over its 200 ms budget took " + ms + " ms");
    }

    @Test
    void theTextBudgetCapsAllRulesTogether() {
        String text = randomText(1 << 19);
        var b = ScanEngine.builder().budget(Duration.ofSeconds(10), Duration.ofMillis(150));
        for (int i = 0; i < 5; i++) {
            b.add(new CustomRule("slow" + i, null, "[\\pL ]{0,1000}qqq" + i, List.of("th"), 1, Severity.HIGH, null)
                    .toDetector());
        }
        ScanEngine engine = b.build();
        ScanBudget budget = engine.newBudget();
        engine.scan(text, budget);
        assertThat(budget.exceeded()).hasSize(5);
        assertThat(budget.spent()).isLessThan(Duration.ofSeconds(2));
    }

    /** The figure for the README: 1 MiB under the most expensive keyword-less rule the limits accept. */
    @Test
    void worstAcceptedKeywordlessRuleOverOneMebibyte() {
        String regex = "[a-z ]{0,29}qq";
        long size = Re2Size.instructions(regex);
        assertThat(rule(regex, List.of()).validate()).isEmpty();
        assertThat(rule("[a-z ]{0,30}qq", List.of()).validate()).as("one more is over").isNotEmpty();
        ScanEngine engine = ScanEngine.builder().add(rule(regex, List.of()).toDetector()).build();
        String text = randomText(1 << 20);
        engine.scan(text.substring(0, 1 << 16)); // warm up
        long t0 = System.nanoTime();
        engine.scan(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("RuleLimits: worst accepted keyword-less rule " + regex + " (" + size
                + " instructions) scans 1 MiB in " + ms + " ms");
    }
}
