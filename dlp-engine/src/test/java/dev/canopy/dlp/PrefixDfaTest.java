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
