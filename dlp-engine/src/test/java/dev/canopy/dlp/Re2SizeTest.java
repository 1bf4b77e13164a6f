package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.canopy.dlp.limits.Re2Size;
import dev.canopy.dlp.limits.RuleLimits;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;

class Re2SizeTest {

    /** Instruction count of the program RE2J really compiles (package-private, read by reflection). */
    static int re2jInstructions(String regex) throws ReflectiveOperationException {
        Pattern p = Pattern.compile(regex);
        Field re2 = Pattern.class.getDeclaredField("re2");
        re2.setAccessible(true);
        Object r = re2.get(p);
        Field prog = r.getClass().getDeclaredField("prog");
        prog.setAccessible(true);
        Object pr = prog.get(r);
        Field size = pr.getClass().getDeclaredField("instSize");
        size.setAccessible(true);
        return size.getInt(pr);
    }

    @Test
    void countsLikeGosCompiler() {
        assertThat(Re2Size.instructions("abc")).isEqualTo(3 + 4);
        assertThat(Re2Size.instructions("")).isEqualTo(1 + 4);
        assertThat(Re2Size.instructions("[a-z]\\d.")).isEqualTo(3 + 4);
        assertThat(Re2Size.instructions("(a)")).isEqualTo(3 + 4);
        assertThat(Re2Size.instructions("(?:a)")).isEqualTo(1 + 4);
        assertThat(Re2Size.instructions("(?i)a")).isEqualTo(1 + 4);
        assertThat(Re2Size.instructions("a|b|c")).isEqualTo(3 + 2 + 4);
        assertThat(Re2Size.instructions("a*")).isEqualTo(2 + 4);
        assertThat(Re2Size.instructions("a+?")).isEqualTo(2 + 4);
        assertThat(Re2Size.instructions("a{3}")).isEqualTo(3 + 4);
        assertThat(Re2Size.instructions("a{2,5}")).isEqualTo(2 + 3 * 2 + 4);
        assertThat(Re2Size.instructions("a{3,}")).isEqualTo(3 + 1 + 4);
        assertThat(Re2Size.instructions("a{0}")).isEqualTo(1 + 4);
        assertThat(Re2Size.instructions("\\Qa.b\\E")).isEqualTo(3 + 4);
        assertThat(Re2Size.instructions("\\p{Greek}\\pL\\x{263a}\\x41")).isEqualTo(4 + 4);
        assertThat(Re2Size.instructions("[[:alpha:]\\]x-]")).isEqualTo(1 + 4);
        assertThat(Re2Size.instructions("(?P<name>ab)(?<n2>c)")).isEqualTo(4 + 3 + 4);
        assertThat(Re2Size.instructions("a{,5}")).as("not a repetition: literal").isEqualTo(5 + 4);
        assertThat(Re2Size.instructions("😀")).as("one code point").isEqualTo(1 + 4);
    }

    @Test
    void nestedCountedRepetitionMultiplies() {
        assertThat(Re2Size.instructions("((a{1000}){1000}){1000}")).isGreaterThan(1_000_000_000L);
        assertThat(Re2Size.instructions("(?:[\\s\\S]{1000}){100}")).isEqualTo(100_000 + 4);
        assertThat(Re2Size.instructions("((((((((((a{1000}){1000}){1000}){1000}){1000}){1000}){1000}){1000}){1000}){1000})"))
                .as("saturates instead of overflowing").isEqualTo(Re2Size.SATURATED);
        assertThat(Re2Size.estimate("((((a))))").nesting()).isEqualTo(4);
    }

    @Test
    void invalidSyntaxStillGetsAFiniteSize() {
        for (String bad : List.of("(", ")", "[", "\\", "(?", "a{2", "(?P<x", "[[:alp", "\\Qab", "\\x{12", "a)b(")) {
            assertThat(Re2Size.instructions(bad)).as(bad).isPositive().isLessThan(100);
        }
    }

    @Test
    void isAnUpperBoundOfWhatRe2jCompiles() throws Exception {
        List<String> regexes = new ArrayList<>(List.of("abc", "a|b|c", "(a|b)*c", "a{2,5}", "(ab){3,}", "x{0,7}y",
                "(?i)hello(world)?", "[a-z]+@[a-z]+\\.com", "((a{10}){10}){5}", "(?:[\\s\\S]{20}){5}",
                "\\bEMP-[0-9]{6}\\b", "^(?:foo|bar|baz)+$", "(a*)*", "(a|ab)(c|bcd)(d*)", "\\Q.*\\E{3}",
                "(?s:.{2,40})", "[^\\n]{0,100}"));
        var file = SharedData.dir().resolve("datasets/dlp/gitleaks.toml");
        if (Files.isRegularFile(file)) {
            TomlArray rules = Toml.parse(Files.readString(file)).getArray("rules");
            for (int i = 0; i < rules.size(); i++) {
                String re = rules.getTable(i).getString("regex");
                if (re != null) {
                    regexes.add(re);
                }
            }
        }
        int compared = 0;
        for (String re : regexes) {
            int actual;
            try {
                actual = re2jInstructions(re);
            } catch (com.google.re2j.PatternSyntaxException e) {
                continue;
            }
            long estimate = Re2Size.instructions(re);
            assertThat(estimate).as(re).isGreaterThanOrEqualTo(actual);
            // and not absurdly loose: RE2's alternation factoring is the main saving it finds
            assertThat(estimate).as(re).isLessThanOrEqualTo(4L * actual + 16);
            compared++;
        }
        System.out.println("Re2Size: compared " + compared + " regexes with RE2J's programs");
        assertThat(compared).isGreaterThan(15);
    }

    @Test
    void sharedGitleaksRulesFitTheDefaultLimits() throws Exception {
        TomlArray rules = Toml.parse(SharedData.readOrSkip("datasets/dlp/gitleaks.toml")).getArray("rules");
        long max = 0;
        String maxId = null;
        for (int i = 0; i < rules.size(); i++) {
            String re = rules.getTable(i).getString("regex");
            if (re != null && Re2Size.instructions(re) > max) {
                max = Re2Size.instructions(re);
                maxId = rules.getTable(i).getString("id");
            }
        }
        System.out.println("Re2Size: largest shared gitleaks rule " + maxId + " = " + max + " instructions");
        assertThat(max).isLessThanOrEqualTo(RuleLimits.DEFAULTS.maxProgramSize());
    }
}
