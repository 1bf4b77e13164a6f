package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.canopy.dlp.prefilter.PrefixDfa;
import dev.canopy.dlp.bench.ConfluenceCorpus;
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
        java.util.List<String> strings = new java.util.ArrayList<>(java.util.List.of(text.split("\n")));
        strings.addAll(java.util.List.of(text.split("[\\s<>\"']+")));
        for (String w : text.split("[\\s<>\"']+")) {
            int eq = w.indexOf('=');
            if (eq >= 0) {
                strings.add(w.substring(eq + 1));
            }
        }
        // strings of the shapes the allowlists are written for
        strings.addAll(java.util.List.of("true", "${DB_PASSWORD}", "$1", "{{ .Values.token }}",
                "${{ secrets.GITHUB_TOKEN }}", "%s", "/usr/local/bin/tool", "/Users/Alice/work/x", "keyboard",
                "primary_key", "aaaaaaa", "\u212Aeyring", "KEY_NAME=\nOTHER=\n", "apiVersion", "AccessibilityId"));
        java.util.List<String> regexes = new java.util.ArrayList<>();
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
