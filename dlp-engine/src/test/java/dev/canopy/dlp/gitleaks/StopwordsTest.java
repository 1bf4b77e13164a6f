package dev.canopy.dlp.gitleaks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.dlp.SharedData;
import dev.canopy.dlp.bench.ConfluenceCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** {@link Stopwords} answers exactly as gitleaks' rule (lower-case the secret, then a substring test per word). */
class StopwordsTest {

    private static boolean naive(List<String> words, String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(s::contains);
    }

    @Test
    void sameAnswersAsAContainsPerWordOnGitleaksStopwords() {
        String toml = SharedData.readOrSkip("datasets/dlp/gitleaks.toml");
        List<String> words = new ArrayList<>();
        TomlArray rules = Toml.parse(toml).getArray("rules");
        for (int i = 0; i < rules.size(); i++) {
            TomlArray als = rules.getTable(i).getArray("allowlists");
            for (int a = 0; als != null && a < als.size(); a++) {
                TomlTable t = als.getTable(a);
                TomlArray sw = t.getArray("stopwords");
                for (int w = 0; sw != null && w < sw.size(); w++) {
                    words.add(sw.getString(w).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(words).hasSizeGreaterThan(1000);
        Stopwords stopwords = new Stopwords(words);
        String text = ConfluenceCorpus.generate(3, 40_000, 200, java.util.Map.of()).text();
        List<String> secrets = new ArrayList<>(List.of(text.split("[\\s<>\"'=:]+")));
        Random rnd = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            // random slices and upper-cased words: stopwords at every offset, in both cases, at both ends
            int from = rnd.nextInt(text.length() - 60);
            secrets.add(text.substring(from, from + 1 + rnd.nextInt(59)));
            secrets.add(words.get(rnd.nextInt(words.size())).toUpperCase(Locale.ROOT) + "x9");
        }
        secrets.add("\u212Aeyboard"); // Kelvin sign: lower-cases to "keyboard"
        int hits = 0;
        for (String s : secrets) {
            boolean expected = naive(words, s);
            assertThat(stopwords.occurIn(s)).as(s).isEqualTo(expected);
            hits += expected ? 1 : 0;
        }
        assertThat(hits).isGreaterThan(secrets.size() / 10).isLessThan(secrets.size());
    }

    @Test
    void nonAsciiWordsAndEmptyLists() {
        Stopwords mixed = new Stopwords(List.of("café", "demo", "a-b"));
        assertThat(mixed.occurIn("MyCAFÉtoken")).isTrue();
        assertThat(mixed.occurIn("xxDEMOxx")).isTrue();
        assertThat(mixed.occurIn("a-")).isFalse();
        assertThat(mixed.occurIn("za-bz")).isTrue();
        assertThat(mixed.occurIn("d\u0100mo")).isFalse();
        assertThat(new Stopwords(List.of()).isEmpty()).isTrue();
    }
}
