package dev.canopy.dlp.prefilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.canopy.dlp.SharedData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PrefixDfa#forFind} gates of alternations too large for one DFA, run as several one-pass DFAs. */
class PrefixDfaSplitTest {

    @Test
    void findsTheTopLevelAlternatives() {
        assertThat(PrefixDfa.topAlternatives("(?i)(?:a|b[|]|c)")).containsExactly("(?i)(?:", "a", "b[|]", "c");
        assertThat(PrefixDfa.topAlternatives("a|b(c|d)|e")).containsExactly("(?:", "a", "b(c|d)", "e");
        assertThat(PrefixDfa.topAlternatives("(?i:ab|cd|(?-i:E))")).containsExactly("(?i:", "ab", "cd", "(?-i:E)");
        assertThat(PrefixDfa.topAlternatives("(ab|c\\)|d)")).containsExactly("(?:", "ab", "c\\)", "d");
        // RE2 keeps a bare flag group's flags for the alternatives after it: "a(?i)b|c" finds "C"
        assertThat(Pattern.compile("a(?i)b|c").matcher("C").find()).isTrue();
        assertThat(PrefixDfa.topAlternatives("a(?i)b|c")).isNull();
        assertThat(PrefixDfa.topAlternatives("(a|b)c")).isNull(); // the group doesn't span the regex
        assertThat(PrefixDfa.topAlternatives("a\\|b")).isNull();
        assertThat(PrefixDfa.topAlternatives("(?P<n>a|b)")).isNull();
    }

    /**
     * Random alternations with a table limit so small that most can't be one DFA: the split gate never says "does
     * not occur" where RE2J finds the regex, and still rejects most texts where it doesn't.
     */
    @Test
    void splitGatesAreSoundOnRandomAlternations() {
        Random rnd = new Random(20261129);
        int split = 0;
        int occurrences = 0;
        int rejected = 0;
        int absent = 0;
        for (int r = 0; r < 1_500; r++) {
            StringBuilder re = new StringBuilder(rnd.nextInt(4) == 0 ? "(?i)" : "");
            boolean wrapped = rnd.nextBoolean();
            re.append(wrapped ? "(?:" : "");
            int alternatives = 3 + rnd.nextInt(6);
            for (int a = 0; a < alternatives; a++) {
                re.append(a > 0 ? "|" : "");
                int items = 1 + rnd.nextInt(4);
                for (int i = 0; i < items; i++) {
                    re.append(item(rnd));
                }
            }
            re.append(wrapped ? ")" : "");
            String regex = re.toString();
            Pattern p = Pattern.compile(regex);
            PrefixDfa gate = PrefixDfa.forFind(regex, PrefixDfa.Budget.UNLIMITED, 200);
            if (gate == null || gate.splitGates() == 0) {
                continue;
            }
            split++;
            for (int t = 0; t < 40; t++) {
                StringBuilder text = new StringBuilder();
                int len = rnd.nextInt(20);
                for (int i = 0; i < len; i++) {
                    text.append("abAB01 _-.\n".charAt(rnd.nextInt(11)));
                }
                String s = text.toString();
                if (p.matcher(s).find()) {
                    occurrences++;
                    assertThat(gate.occursIn(s)).as("%s in \"%s\"", regex, s).isTrue();
                } else {
                    absent++;
                    rejected += gate.occursIn(s) ? 0 : 1;
                }
            }
        }
        System.out.printf("split gates: %d of 1500 alternations; %d occurrences kept, %d of %d non-occurrences "
                + "rejected%n", split, occurrences, rejected, absent);
        assertThat(split).isGreaterThan(500);
        assertThat(occurrences).isGreaterThan(2_000);
        assertThat(rejected).isGreaterThan(absent * 9 / 10);
    }

    private static String item(Random rnd) {
        String atom = switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> String.valueOf("abAB01_-".charAt(rnd.nextInt(8)));
            case 3 -> "[ab0]";
            case 4 -> "[^a ]";
            case 5 -> new String[] {"\\d", "\\w", "\\s", ".", "\\b", "\\."}[rnd.nextInt(6)];
            case 6 -> "(?i:ab)";
            default -> "(?:a|" + "b0".charAt(rnd.nextInt(2)) + ")";
        };
        return atom + switch (rnd.nextInt(7)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "{1,3}";
            default -> "";
        };
    }

    /**
     * gitleaks' generic-api-key allowlist (~40 case-insensitive alternatives, read against the whole match): its
     * gate is split into one-pass DFAs and rejects, without RE2J, assignment matches with long tokens that the
     * regex doesn't occur in (tried from every start, the unsplit gate ran out of steps on tokens of ~70+ chars and
     * said "may" for them: 15 of 124 such matches on 4 MiB of generated pages).
     */
    @Test
    void gitleaksGenericAllowlistRejectsLongTokensInOnePass() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        int at = toml.indexOf("'''(?i)(?:access(?:ibility|or)");
        assertThat(at).as("the generic-api-key allowlist regex in gitleaks.toml").isPositive();
        String regex = toml.substring(at + 3, toml.indexOf("'''", at + 3));
        PrefixDfa gate = PrefixDfa.forFind(regex);
        assertThat(gate).isNotNull();
        assertThat(gate.splitGates()).isBetween(2, PrefixDfa.MAX_SPLIT_GATES);
        Pattern p = Pattern.compile(regex);
        Random rnd = new Random(7);
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        List<String> names = List.of("password", "secret_key", "AUTH_TOKEN", "api-key", "client_secret",
                "ACCESS_KEY", "db.password", "token", "credential", "SECRET");
        int absent = 0;
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            // long tokens of the prefixed kinds: "sk_live_…", "xoxb-…-…", "ghp_…"
            StringBuilder token = new StringBuilder(List.of("sk_live_", "rk_test_", "xoxb-12-", "ghp_", "")
                    .get(rnd.nextInt(5)));
            int len = 24 + rnd.nextInt(96);
            for (int k = 0; k < len; k++) {
                token.append(alnum.charAt(rnd.nextInt(alnum.length())));
            }
            String match = names.get(rnd.nextInt(names.size())) + (rnd.nextBoolean() ? " = \"" : ": ") + token
                    + (rnd.nextBoolean() ? "\"" : "\n");
            boolean occurs = p.matcher(match).find();
            boolean may = gate.occursIn(match);
            if (occurs) {
                assertThat(may).as(match).isTrue();
            } else {
                absent++;
                rejected += may ? 0 : 1;
            }
        }
        System.out.printf("generic-api-key allowlist: %d split gates; %d of %d assignment matches rejected%n",
                gate.splitGates(), rejected, absent);
        assertThat(absent).isGreaterThan(1_500);
        assertThat(rejected).isGreaterThan(absent * 99 / 100);
    }
}
