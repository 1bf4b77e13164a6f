package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.canopy.dlp.bench.ConfluenceCorpus;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;

/**
 * {@link BitState} against RE2J itself: for the same pattern and slice, the same match and the same position of
 * every group, anchored ({@code lookingAt}) and searching ({@code find}), on random regexes and texts with the
 * cases where engines differ (assertions at slice edges, case folding beyond ASCII, surrogate pairs, empty loops,
 * lazy and counted repeats, alternation priority), and on every gitleaks rule over a generated corpus.
 */
class BitStateTest {

    /** RE2J's submatches for the slice {@code [from, to)} (absolute positions), or null without a match. */
    private static int[] re2j(Pattern p, String text, int from, int to, int searchFrom, boolean anchored) {
        Matcher m = p.matcher(new LinearPattern.Slice(text, from, to));
        boolean ok = anchored ? m.lookingAt() : m.find(searchFrom - from);
        if (!ok) {
            return null;
        }
        int[] cap = new int[2 * (m.groupCount() + 1)];
        for (int g = 0; g <= m.groupCount(); g++) {
            cap[2 * g] = m.start(g) < 0 ? -1 : m.start(g) + from;
            cap[2 * g + 1] = m.end(g) < 0 ? -1 : m.end(g) + from;
        }
        return cap;
    }

    private static void same(Pattern p, BitState b, String text, int from, int to, int searchFrom, boolean anchored) {
        int[] want = re2j(p, text, from, to, searchFrom, anchored);
        int[] got = b.match(text, from, to, searchFrom, anchored, null);
        assertThat(got == null ? null : Arrays.toString(got))
                .as("/%s/ %s at %d in \"%s\"[%d,%d)", p.pattern(), anchored ? "lookingAt" : "find", searchFrom,
                        text.replace("\n", "\\n"), from, to)
                .isEqualTo(want == null ? null : Arrays.toString(want));
    }

    @Test
    void readsRe2jsProgram() {
        // without it every other test here would compare RE2J with itself
        assertThat(BitState.of(Pattern.compile("a(b)c"))).isNotNull();
        assertThat(BitState.of(Pattern.compile("a(b)c")).groups()).isEqualTo(1);
    }

    @Test
    void sameMatchesAndGroupsAsRe2jOnRandomRegexes() {
        Random rnd = new Random(20261129);
        String alphabet = "abAB01 _-.\n\u212A\u00e9k\uD83D\uDE00=:";
        int compiled = 0;
        int matched = 0;
        for (int r = 0; r < 2_000; r++) {
            String regex = regex(rnd, 3);
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (com.google.re2j.PatternSyntaxException e) {
                continue;
            }
            BitState b = BitState.of(p);
            assertThat(b).as(regex).isNotNull();
            compiled++;
            for (int t = 0; t < 12; t++) {
                StringBuilder sb = new StringBuilder();
                int len = rnd.nextInt(18);
                for (int i = 0; i < len; i++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                String text = sb.toString();
                int from = text.isEmpty() ? 0 : rnd.nextInt(Math.max(1, text.length() / 3));
                int to = text.length() - (text.isEmpty() ? 0 : rnd.nextInt(Math.max(1, (text.length() - from) / 3)));
                for (int at = from; at <= to; at++) {
                    same(p, b, text, from, to, at, false);
                }
                same(p, b, text, from, to, from, true);
                matched += re2j(p, text, from, to, from, false) == null ? 0 : 1;
            }
        }
        System.out.printf("random regexes: %d compiled, %d texts with a match%n", compiled, matched);
        assertThat(compiled).isGreaterThan(1_500);
        assertThat(matched).isGreaterThan(5_000);
    }

    private static String regex(Random rnd, int depth) {
        StringBuilder sb = new StringBuilder();
        if (rnd.nextInt(5) == 0) {
            sb.append(new String[] {"(?i)", "(?s)", "(?m)", "(?U)"}[rnd.nextInt(4)]);
        }
        if (rnd.nextInt(6) == 0) {
            sb.append('^');
        }
        int items = 1 + rnd.nextInt(4);
        for (int i = 0; i < items; i++) {
            sb.append(item(rnd, depth));
        }
        if (rnd.nextInt(6) == 0) {
            sb.append('$');
        }
        if (rnd.nextInt(5) == 0) {
            sb.append('|').append(item(rnd, depth - 1));
        }
        return sb.toString();
    }

    private static String item(Random rnd, int depth) {
        String atom = switch (rnd.nextInt(depth > 0 ? 11 : 8)) {
            case 0, 1 -> String.valueOf("abAB01 _-k=".charAt(rnd.nextInt(11)));
            case 2 -> "[ab0]";
            case 3 -> "[^a \\n]";
            case 4 -> new String[] {"\\d", "\\w", "\\s", ".", "\\b", "\\B", "\\.", "\\n", "\\z", "\\A"}[rnd.nextInt(10)];
            case 5 -> "[a-b0-1_]";
            case 6 -> rnd.nextBoolean() ? "(?i:ak)" : "(?-i:A)";
            case 7 -> rnd.nextBoolean() ? "\u00e9" : "\\x{1F600}";
            case 8 -> "()";
            default -> "(" + (rnd.nextInt(3) == 0 ? "?:" : "") + item(rnd, depth - 1)
                    + (rnd.nextBoolean() ? "|" + item(rnd, depth - 1) : "") + ")";
        };
        return atom + switch (rnd.nextInt(10)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "*?";
            case 4 -> "+?";
            case 5 -> "{" + rnd.nextInt(3) + "," + (2 + rnd.nextInt(6)) + "}";
            case 6 -> "{" + (1 + rnd.nextInt(4)) + "}";
            default -> "";
        };
    }

    /** Every gitleaks rule, anchored at every keyword occurrence and searching every window around one. */
    @Test
    void sameMatchesAndGroupsAsRe2jOnGitleaksRules() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        String text = ConfluenceCorpus.generate(11, 300_000, 1_500, PlantedSecretsTest.generators()).text();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        TomlArray rules = Toml.parse(toml).getArray("rules");
        int attempts = 0;
        int matches = 0;
        for (int i = 0; i < rules.size(); i++) {
            String regex = rules.getTable(i).getString("regex");
            TomlArray keywords = rules.getTable(i).getArray("keywords");
            if (regex == null || keywords == null) {
                continue;
            }
            Pattern p = Pattern.compile(regex);
            BitState b = BitState.of(p);
            assertThat(b).as(regex).isNotNull();
            for (int k = 0; k < keywords.size(); k++) {
                String kw = keywords.getString(k).toLowerCase(java.util.Locale.ROOT);
                int seen = 0;
                for (int at = lower.indexOf(kw); at >= 0 && seen < 60; at = lower.indexOf(kw, at + 1), seen++) {
                    int from = Math.max(0, at - 60);
                    int to = Math.min(text.length(), at + 300);
                    if (!b.fits(to - from)) {
                        continue;
                    }
                    same(p, b, text, at, to, at, true);
                    same(p, b, text, from, to, from, false);
                    attempts += 2;
                    matches += re2j(p, text, from, to, from, false) == null ? 0 : 1;
                }
            }
        }
        System.out.printf("gitleaks rules: %d attempts compared, %d windows with a match%n", attempts, matches);
        assertThat(attempts).isGreaterThan(1_500);
        assertThat(matches).isGreaterThan(100);
    }

    /** A budgeted attempt on the backtracker stops when its deadline passes, as RE2J's does. */
    @Test
    void stopsAtTheDeadline() {
        Pattern p = Pattern.compile("(?:a|aa|aaa)*(?:a{1,40}){1,40}b");
        BitState b = BitState.of(p);
        String text = "a".repeat(300);
        assertThat(b.fits(text.length())).isTrue();
        ScanBudget.Deadline passed = new ScanBudget.Deadline(System.nanoTime() - 2, System.nanoTime() - 1);
        assertThatThrownBy(() -> {
            for (int at = 0; at < text.length(); at++) {
                b.match(text, 0, text.length(), at, false, passed);
            }
        }).isInstanceOf(ScanBudget.OutOfTime.class);
    }

    /** Through {@link LinearPattern}: the reported spans, and a slice too large for the marks goes to RE2J. */
    @Test
    void linearPatternReportsTheSameSpans() {
        LinearPattern lp = LinearPattern.re2("(?i)key\\s*=\\s*\"?([a-z0-9]{8,})\"?");
        String text = "x KEY = \"abcd1234efgh\" y key=zz key=0123456789";
        StringBuilder got = new StringBuilder();
        lp.findAll(text, 0, text.length(), 1, (s, e, ss, se) -> got.append(text, ss, se).append(';'));
        assertThat(got).hasToString("abcd1234efgh;0123456789;");
        String big = "key=" + "a".repeat(BitState.MAX_BITS / 8) + " key=abcdefgh1";
        assertThat(BitState.of(Pattern.compile(lp.source())).fits(big.length())).isFalse();
        StringBuilder gotBig = new StringBuilder();
        lp.findAll(big, 0, big.length(), 1, (s, e, ss, se) -> gotBig.append(se - ss).append(';'));
        assertThat(gotBig).hasToString((BitState.MAX_BITS / 8) + ";9;");
        assertThat(lp.find("the KEY=abcdefgh")).isTrue();
        assertThat(lp.find("the KEY=abc")).isFalse();
    }
}
