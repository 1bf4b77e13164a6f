package dev.canopy.dlp.prefilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordGramsTest {

    /** Every occurrence, found the slow way: keyword id, start. */
    private static List<String> naive(List<String> keywords, String text) {
        List<String> hits = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int start = 0; start < text.length(); start++) {
            for (int id = 0; id < keywords.size(); id++) {
                if (lower.startsWith(keywords.get(id).toLowerCase(Locale.ROOT), start)) {
                    hits.add(id + "@" + start);
                }
            }
        }
        return hits;
    }

    private static List<String> grams(List<String> keywords, String text) {
        List<String> hits = new ArrayList<>();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        new KeywordGrams(keywords).scan(b, b.length, (id, s, e) -> {
            assertThat(e - s).isEqualTo(keywords.get(id).length());
            hits.add(id + "@" + s);
        });
        return hits;
    }

    @Test
    void findsWhatANaiveSearchFinds_overlapping_nested_shortAndAtTheEnds() {
        List<String> keywords = List.of("SK", "sk-", "sk-ant-", "://", "password", "pass", "q~", "x", "api_key", "-us");
        String text = "sk-ant-abc PASSWORD=x passport Q~z task risk sk http://host api_key=1 East-US q~ sk";
        assertThat(grams(keywords, text)).containsExactlyInAnyOrderElementsOf(naive(keywords, text))
                .contains("0@0", "1@0", "2@0", "0@" + (text.length() - 2), "9@" + text.indexOf("-US"));
    }

    @Test
    void randomTextOverASmallAlphabet() {
        Random r = new Random(7);
        String alphabet = "abcsk-_:/~.XYZ 0123";
        List<String> keywords = List.of("sk", "s", "abc", "k-_", "::/", "~", "zz9", "Bca", "c.", "a3Z0", "X");
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0, n = r.nextInt(200); i < n; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertThat(grams(keywords, text)).as(text).containsExactlyInAnyOrderElementsOf(naive(keywords, text));
        }
    }

    @Test
    void moreDistinctCharsThanClassesStillFindsEverything() {
        // 94 printable ASCII chars, lower-cased 68 distinct: some share a class, which only adds candidates
        List<String> keywords = new ArrayList<>();
        for (char c = '!'; c + 2 <= '~'; c += 3) {
            keywords.add("" + c + (char) (c + 1) + (char) (c + 2));
        }
        StringBuilder sb = new StringBuilder();
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            sb.append((char) ('!' + r.nextInt(94)));
        }
        String text = sb.toString();
        assertThat(grams(keywords, text)).containsExactlyInAnyOrderElementsOf(naive(keywords, text)).isNotEmpty();
    }

    @Test
    void latin1BytesAboveAsciiNeverMatch() {
        List<String> keywords = List.of("token");
        String text = "tok\u00e9n TOKEN t\u00f6ken";
        assertThat(grams(keywords, text)).containsExactly("0@6");
    }

    @Test
    void rejectsEmptyAndNonAsciiKeywords() {
        assertThatThrownBy(() -> new KeywordGrams(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeywordGrams(List.of("caf\u00e9"))).isInstanceOf(IllegalArgumentException.class);
    }
}
