package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.dlp.gitleaks.GitleaksImporter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GitleaksImportTest {
    @Test
    void everyRuleOfTheSharedFileLoadsOrIsReportedWithAReason() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        long declared = toml.lines().filter(l -> l.strip().equals("[[rules]]")).count();
        GitleaksImporter.Result r = GitleaksImporter.load(toml);
        System.out.printf("gitleaks: %d rules declared, %d loaded, %d rejected%n", r.ruleCount(), r.detectors().size(),
                r.rejected().size());
        Map<String, Long> reasons = new TreeMap<>(r.rejected().stream()
                .collect(Collectors.groupingBy(x -> x.reason().replaceAll("\\(path = .*\\)", "(path = …)")
                        .replaceAll(": .*", ""), Collectors.counting())));
        reasons.forEach((k, v) -> System.out.println("  rejected x" + v + ": " + k));
        r.rejected().forEach(x -> System.out.println("  - " + x.ruleId() + ": " + x.reason()));
        assertThat(r.ruleCount()).isEqualTo(declared);
        assertThat(r.detectors().size() + r.rejected().stream().map(GitleaksImporter.Rejected::ruleId).distinct().count())
                .isEqualTo(declared);
        assertThat(r.rejected()).allMatch(x -> !x.reason().isBlank());
        assertThat(r.detectors().size()).isGreaterThan((int) (declared * 0.9));
        ScanEngine e = ScanEngine.builder().addAll(r.detectors()).build();
        System.out.println(e + "; anchored at keyword hits: "
                + r.detectors().stream().filter(Detector::anchored).count() + ", windowed: "
                + r.detectors().stream().filter(d -> !d.anchored()).map(Detector::id).toList());
    }

    @Test
    void anchoredConfirmationFindsTheSameSecretsAsWindowedSearch() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        ScanEngine anchored = ScanEngine.builder().addAll(GitleaksImporter.load(toml, true).detectors()).build();
        ScanEngine windowed = ScanEngine.builder().addAll(GitleaksImporter.load(toml, false).detectors()).build();
        String text = dev.canopy.dlp.bench.ConfluenceCorpus.generate(99, 400_000, 1_500, PlantedSecretsTest.generators()).text();
        java.util.function.Function<List<Match>, java.util.Set<String>> key = l -> l.stream()
                .map(m -> m.evidence().fingerprint()).collect(Collectors.toSet()); // the secrets, whichever rule wins an overlap
        java.util.Set<String> a = key.apply(anchored.scan(text));
        java.util.Set<String> w = key.apply(windowed.scan(text));
        System.out.println("gitleaks rules on planted corpus: anchored " + a.size() + " findings, windowed " + w.size());
        java.util.Set<String> onlyA = new java.util.TreeSet<>(a);
        onlyA.removeAll(w);
        java.util.Set<String> onlyW = new java.util.TreeSet<>(w);
        onlyW.removeAll(a);
        onlyA.forEach(x -> System.out.println("  only anchored: " + x));
        onlyW.forEach(x -> System.out.println("  only windowed: " + x));
        assertThat(a).hasSizeGreaterThan(100);
        assertThat(onlyW).as("findings lost by anchoring").isEmpty();
    }

    /**
     * The anchored form's precheck reads at most the regex's 20 identifier chars after the keyword: assignments
     * whose only keyword stands 0..24 chars before the operator ("secret_bdf_gh = …", "token for  = …") are found
     * anchored exactly where the windowed search finds them (up to 20: yes; beyond: neither).
     */
    @Test
    void anchoredConfirmationKeepsEveryIdentifierGapTheRegexAllows() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        ScanEngine anchored = ScanEngine.builder().addAll(GitleaksImporter.load(toml, true).detectors()).build();
        ScanEngine windowed = ScanEngine.builder().addAll(GitleaksImporter.load(toml, false).detectors()).build();
        java.util.Random rnd = new java.util.Random(5);
        String filler = "bcdfghjlmnqrvwxz_.- "; // no vowels: no other keyword in the gap
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder page = new StringBuilder();
        for (int gap = 0; gap <= 24; gap++) {
            for (String kw : List.of("secret", "token", "passwd", "credential", "auth")) {
                StringBuilder value = new StringBuilder();
                for (int i = 0; i < 32; i++) {
                    value.append(alnum.charAt(rnd.nextInt(alnum.length())));
                }
                StringBuilder id = new StringBuilder(kw);
                for (int i = 0; i < gap; i++) {
                    id.append(filler.charAt(rnd.nextInt(filler.length() - 1))); // no space: the gap stays exact
                }
                page.append("<p>Set ").append(id).append(rnd.nextBoolean() ? " = \"" : ": ").append(value)
                        .append("\" before the deploy.</p>\n");
            }
        }
        String text = page.toString();
        java.util.function.Function<List<Match>, java.util.Set<String>> key = l -> l.stream()
                .filter(m -> m.detectorId().equals("gitleaks:generic-api-key"))
                .map(m -> text.substring(m.start(), m.end())).collect(Collectors.toCollection(java.util.TreeSet::new));
        java.util.Set<String> a = key.apply(anchored.scan(text));
        java.util.Set<String> w = key.apply(windowed.scan(text));
        assertThat(w).as("the windowed search finds gaps up to 20").hasSizeGreaterThan(80);
        assertThat(a).isEqualTo(w);
    }

    /** The DFA gates in front of windowed rules only skip windows in which the rule would have found nothing. */
    @Test
    void windowGatesChangeNoFinding() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        List<Detector> gated = GitleaksImporter.load(toml, false).detectors();
        List<Detector> ungated = gated.stream().map(d -> d.toBuilder().windowGate(null).build()).toList();
        assertThat(gated.stream().filter(d -> d.windowGate() != null).count()).isGreaterThan(gated.size() * 3 / 4);
        String text = dev.canopy.dlp.bench.ConfluenceCorpus.generate(41, 300_000, 1_000, PlantedSecretsTest.generators()).text();
        List<Match> withGates = ScanEngine.builder().addAll(gated).build().scan(text);
        List<Match> without = ScanEngine.builder().addAll(ungated).build().scan(text);
        assertThat(withGates).hasSizeGreaterThan(100);
        assertThat(withGates).containsExactlyElementsOf(without);
    }

    @Test
    void importedRulesDetectAndHonourEntropyAndAllowlists() {
        String toml = """
                [allowlist]
                regexes = ['''^\\$\\{.*\\}$''']
                [[rules]]
                id = "demo-token"
                regex = '''\\b(demo_[a-zA-Z0-9]{20})\\b'''
                keywords = ["demo_"]
                entropy = 3
                [[rules.allowlists]]
                stopwords = ["aaaaaaaa"]
                [[rules]]
                id = "bad-lookahead"
                regex = '''foo(?=bar)'''
                [[rules]]
                id = "pkcs12"
                path = '''\\.p12$'''
                """;
        GitleaksImporter.Result r = GitleaksImporter.load(toml);
        assertThat(r.detectors()).extracting(Detector::id).containsExactly("gitleaks:demo-token");
        assertThat(r.rejected()).extracting(GitleaksImporter.Rejected::ruleId).containsExactly("bad-lookahead", "pkcs12");
        ScanEngine e = ScanEngine.builder().addAll(r.detectors()).build();
        assertThat(e.scan("t = demo_Xk29Qp8Lm3Nv7Rt5Ws1Y")).hasSize(1);
        assertThat(e.scan("t = demo_aaaaaaaaaaaaaaaaaaaa")).isEmpty();  // entropy
        assertThat(e.scan("t = demo_aaaaaaaaQp8Lm3Nv7Rt5")).isEmpty();  // stopword
        List<Match> none = e.scan("nothing here");
        assertThat(none).isEmpty();
    }
}
