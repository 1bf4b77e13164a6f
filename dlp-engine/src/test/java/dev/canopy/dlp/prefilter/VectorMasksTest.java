package dev.canopy.dlp.prefilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMasks} with enough keywords that the model asks for four groups of buckets (32): every keyword
 * occurrence is still marked, in the blocks and in the zero-padded tail. (The engine-level comparison with the scalar
 * pass, {@code VectorPassTest}, covers the two-group case and, with the gitleaks file, this one on page text.)
 */
class VectorMasksTest {
    @Test
    void manyKeywordsTakeFourGroupsAndMissNone() {
        assumeTrue(BlockMasks.modulePresent(), "the vector pass needs jdk.incubator.vector (surefire adds it)");
        Random r = new Random(17);
        String letters = "etaoinshrdlcumwfgypbvkjxqz0123456789_-.:/~";
        List<String> words = new ArrayList<>();
        while (words.size() < 300) {
            int len = 2 + r.nextInt(6);
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < len; i++) {
                // common letters first: the keywords of real rules mostly are
                w.append(letters.charAt(Math.min(letters.length() - 1, (int) Math.abs(r.nextGaussian() * 9))));
            }
            if (!words.contains(w.toString())) {
                words.add(w.toString());
            }
        }
        KeywordGrams grams = new KeywordGrams(words);
        VectorMasks masks = new VectorMasks(grams.classTable(), grams.keywordBytes(), new boolean[0][]);
        assertThat(masks.groups()).as("groups of eight buckets").isEqualTo(4);
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0, n = 1 + r.nextInt(900); sb.length() < n; i++) {
                sb.append(r.nextInt(3) == 0 ? words.get(r.nextInt(words.size())).toUpperCase(Locale.ROOT)
                        : r.nextInt(2) == 0 ? words.get(r.nextInt(words.size())) : " the ");
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            long[] starts = new long[(b.length + 63) / 64];
            assertThat(masks.mark(b, b.length, starts, new long[0][])).isEqualTo(b.length);
            String lower = sb.toString().toLowerCase(Locale.ROOT);
            for (String w : words) {
                for (int at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
                    assertThat(starts[at >>> 6] & 1L << at).as("'%s' at %d of %d", w, at, b.length).isNotZero();
                }
            }
        }
    }
}
