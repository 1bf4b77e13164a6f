package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.canopy.dlp.prefilter.PrefixDfa;
import dev.canopy.dlp.bench.ConfluenceCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;

class PrefixDfaTest {

    /** RE2J's anchored match at {@code from} over {@code [from, to)}, as "start-end", or null. */
    private static String re2At(Pattern p, String text, int from, int to) {
        Matcher m = p.matcher(text.substring(from, to));
        return m.lookingAt() ? m.start() + "-" + m.end() : null;
    }

    @Test
    void neverRejectsAMatchAndTheBoundKeepsTheSameMatch() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        String text = ConfluenceCorpus.generate(5, 120_000, 600, PlantedSecretsTest.generators()).text();
        TomlArray rules = Toml.parse(toml).getArray("rules");
        int gates = 0;
        int checked = 0;
        for (int i = 0; i < rules.size(); i++) {
            String regex = rules.getTable(i).getString("regex");
            if (regex == null) {
                continue;
            }
            PrefixDfa dfa = PrefixDfa.forRe2(regex);
            if (dfa == null) {
                continue;
            }
            gates++;
            Pattern p = Pattern.compile(regex);
            Matcher m = p.matcher(text);
            while (m.find()) {
                int from = m.start();
                int to = Math.min(text.length(), from + 2048);
                int bound = dfa.reach(text, from, to);
                assertThat(bound).as("%s at %d", regex, from).isGreaterThanOrEqualTo(m.end());
                assertThat(re2At(p, text, from, bound)).as(regex).isEqualTo(re2At(p, text, from, to));
                checked++;
            }
        }
        System.out.println("DFA gates: " + gates + " of " + rules.size() + " rules; matches checked: " + checked);
        assertThat(gates).isGreaterThan(rules.size() * 9 / 10);
        assertThat(checked).isGreaterThan(100);
    }

    /**
     * The allowlist gates ({@link PrefixDfa#forFind}) of every allowlist regex in the gitleaks file, on every line,
     * every word and every "key=value" value of a generated corpus (the strings allowlists see: secrets, matches and
     * lines): whenever RE2J finds the regex, the gate must have said "may occur".
     */
    @Test
    void findGateNeverRejectsAnOccurrence() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        String text = ConfluenceCorpus.generate(7, 60_000, 300, PlantedSecretsTest.generators()).text();
        List<String> strings = new ArrayList<>(List.of(text.split("\n")));
        strings.addAll(List.of(text.split("[\\s<>\"']+")));
        for (String w : text.split("[\\s<>\"']+")) {
            int eq = w.indexOf('=');
            if (eq >= 0) {
                strings.add(w.substring(eq + 1));
            }
        }
        // strings of the shapes the allowlists are written for
        strings.addAll(List.of("true", "${DB_PASSWORD}", "$1", "{{ .Values.token }}",
                "${{ secrets.GITHUB_TOKEN }}", "%s", "/usr/local/bin/tool", "/Users/Alice/work/x", "keyboard",
                "primary_key", "aaaaaaa", "\u212Aeyring", "KEY_NAME=\nOTHER=\n", "apiVersion", "AccessibilityId"));
        List<String> regexes = new ArrayList<>();
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("(?s)regexes = \\[(.*?)\\n\\]").matcher(toml);
        while (block.find()) {
            java.util.regex.Matcher r = java.util.regex.Pattern.compile("\'\'\'(.*?)\'\'\'").matcher(block.group(1));
            while (r.find()) {
                regexes.add(r.group(1));
            }
        }
        int gates = 0;
        int found = 0;
        int rejected = 0;
        for (String regex : regexes) {
            PrefixDfa gate = PrefixDfa.forFind(regex);
            if (gate == null) {
                continue;
            }
            gates++;
            Pattern p = Pattern.compile(regex);
            for (String s : strings) {
                boolean occurs = p.matcher(s).find();
                boolean may = gate.occursIn(s);
                if (occurs) {
                    found++;
                    assertThat(may).as("%s in %s", regex, s).isTrue();
                } else if (!may) {
                    rejected++;
                }
            }
        }
        System.out.printf("find gates: %d of %d allowlist regexes; %d occurrences kept, %d of the rest rejected%n",
                gates, regexes.size(), found, rejected);
        assertThat(gates).isGreaterThan(regexes.size() * 3 / 4);
        assertThat(found).isGreaterThan(100);
        assertThat(rejected).isGreaterThan(gates * strings.size() / 2);
    }

    /**
     * Tenants write the regexes these gates are built from: on random regexes (literals, classes, alternations,
     * groups, lazy and counted repeats, anchors, word boundaries, case-insensitive parts) and random texts over the
     * same small alphabet, a gate never says "does not occur" where RE2J finds the regex, and building it never
     * throws.
     */
    @Test
    void findGatesAreSoundOnRandomRegexes() {
        Random rnd = new Random(20261128);
        int gates = 0;
        int occurrences = 0;
        int rejected = 0;
        for (int r = 0; r < 1_500; r++) {
            String regex = randomRegex(rnd, 3);
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (com.google.re2j.PatternSyntaxException e) {
                continue;
            }
            PrefixDfa gate = PrefixDfa.forFind(regex);
            if (gate == null) {
                continue;
            }
            gates++;
            for (int t = 0; t < 40; t++) {
                StringBuilder text = new StringBuilder();
                int len = rnd.nextInt(24);
                for (int i = 0; i < len; i++) {
                    text.append("abAB01 _-.\\n".charAt(rnd.nextInt(11)));
                }
                String s = text.toString();
                if (p.matcher(s).find()) {
                    occurrences++;
                    assertThat(gate.occursIn(s)).as("%s in \"%s\"", regex, s).isTrue();
                } else if (!gate.occursIn(s)) {
                    rejected++;
                }
            }
        }
        System.out.printf("random regexes: %d gates, %d occurrences kept, %d non-occurrences rejected%n", gates,
                occurrences, rejected);
        assertThat(gates).isGreaterThan(1_000);
        assertThat(occurrences).isGreaterThan(5_000);
        assertThat(rejected).isGreaterThan(5_000);
    }

    private static String randomRegex(Random rnd, int depth) {
        StringBuilder sb = new StringBuilder();
        if (rnd.nextInt(6) == 0) {
            sb.append(rnd.nextBoolean() ? "(?i)" : "(?s)");
        }
        if (rnd.nextInt(5) == 0) {
            sb.append('^');
        }
        int items = 1 + rnd.nextInt(4);
        for (int i = 0; i < items; i++) {
            sb.append(randomItem(rnd, depth));
        }
        if (rnd.nextInt(5) == 0) {
            sb.append('$');
        }
        if (rnd.nextInt(6) == 0) {
            sb.append('|').append(randomItem(rnd, depth - 1));
        }
        return sb.toString();
    }

    private static String randomItem(Random rnd, int depth) {
        String atom = switch (rnd.nextInt(depth > 0 ? 10 : 8)) {
            case 0, 1, 2 -> String.valueOf("abAB01 _-".charAt(rnd.nextInt(9)));
            case 3 -> "[ab0]";
            case 4 -> "[^a ]";
            case 5 -> new String[] {"\\\\d", "\\\\w", "\\\\s", ".", "\\\\b", "\\\\B", "\\\\.", "\\\\n"}[rnd.nextInt(8)];
            case 6 -> "[a-b0-1_]";
            case 7 -> rnd.nextBoolean() ? "(?i:ab)" : "(?-i:A)";
            default -> "(" + (rnd.nextBoolean() ? "?:" : "") + randomItem(rnd, depth - 1)
                    + (rnd.nextBoolean() ? "|" + randomItem(rnd, depth - 1) : "") + ")";
        };
        return atom + switch (rnd.nextInt(9)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "*?";
            case 4 -> "{" + rnd.nextInt(3) + "," + (2 + rnd.nextInt(12)) + "}";
            case 5 -> "{" + (1 + rnd.nextInt(10)) + "}";
            default -> "";
        };
    }

    /** Leading {@code ^} and trailing {@code $} narrow a find gate only where RE2 reads them as text anchors. */
    @Test
    void findGateKeepsOnlyTrueAnchors() {
        String[][] cases = {
            // regex, text, whether RE2J finds it (the gate must say "may" then)
            {"^[a-zA-Z_.-]+$", "some_name", "true"}, {"^[a-zA-Z_.-]+$", "s3cr3tValue", "false"},
            {"(?i)^true|false|null$", "xFALSEy", "true"}, {"(?i)^true|false|null$", "nothing", "false"},
            {"\\$", "a$b", "true"}, {"x\\$", "x$", "true"}, {"(?m)^a$", "x\na\ny", "true"},
            {"^\\$\\{(?:[A-Z_]+|[a-z_]+)}$", "${DB_PASS}", "true"}, {"^\\$\\{(?:[A-Z_]+|[a-z_]+)}$", "x${DB}", "false"},
            {"(?i)^abc", "ABCd", "true"}, {"(?i)^abc", "dABC", "false"}, {"abc$", "xxabc", "true"}, {"abc$", "abcx", "false"},
            {"[$]", "a$", "true"}, {"(a|b)$", "xb", "true"}, {"(a|b)$", "bx", "false"}, {"^$", "", "true"},
        };
        for (String[] c : cases) {
            boolean finds = Pattern.compile(c[0]).matcher(c[1]).find();
            assertThat(finds).as("RE2J %s in %s", c[0], c[1]).isEqualTo(Boolean.parseBoolean(c[2]));
            PrefixDfa gate = PrefixDfa.forFind(c[0]);
            assertThat(gate).as(c[0]).isNotNull();
            assertThat(gate.occursIn(c[1])).as("gate %s in %s", c[0], c[1]).isEqualTo(finds);
        }
    }

    @Test
    void overApproximatesAssertionsFoldingAndCounts() {
        PrefixDfa a = PrefixDfa.forRe2("(?i)\\bkey[=:]([a-z0-9]{20,40})(?:\\s|$)");
        String ok = "KEY=abcdefghij0123456789";
        assertThat(a.reach(ok, 0, ok.length())).isEqualTo(ok.length());
        assertThat(a.reach("\u212Aey=abcdefghij0123456789 ", 0, 25)).isPositive(); // RE2 folds the Kelvin sign onto k
        assertThat(a.reach("key=short ", 0, 10)).isEqualTo(-1);
        assertThat(a.reach("monkey business", 0, 15)).isEqualTo(-1);
        // "$" is over-approximated as empty; the bound stops one char after the DFA dies (at '!'), so RE2J's "$"
        // still sees that char and fails as it would on the whole text
        String t = "key=abcdefghij0123456789! rest";
        assertThat(a.reach(t, 0, t.length())).isEqualTo(25);
        assertThat(re2At(Pattern.compile("(?i)\\bkey[=:]([a-z0-9]{20,40})(?:\\s|$)"), t, 0, 25)).isNull();
        PrefixDfa b = PrefixDfa.forRe2("tok_[a-f0-9]{8}");
        assertThat(b.reach("tok_0123abcdZ more", 0, 18)).isEqualTo(13);
        assertThat(PrefixDfa.forRe2("a\\pLb")).isNull(); // Unicode classes are not translated
        assertThat(PrefixDfa.forRe2("(a)\\1")).isNull();
    }
}
