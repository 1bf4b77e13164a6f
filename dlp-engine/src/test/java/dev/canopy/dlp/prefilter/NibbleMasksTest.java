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
 * {@link NibbleMasks}, the 16-byte implementation: exact sets through nibble rectangles (any sets that fit, on every
 * byte value) and no keyword occurrence missed with many keywords. The engine-level comparison with the scalar pass is
 * {@code VectorPassTest}.
 */
class NibbleMasksTest {
    private static final String MODULE = "the vector pass needs jdk.incubator.vector (surefire adds it)";

    @Test
    void setsThatFitAreExactOnEveryByte() {
        assumeTrue(BlockMasks.modulePresent(), MODULE);
        Random r = new Random(23);
        int fitted = 0;
        int refused = 0;
        for (int round = 0; round < 400; round++) {
            boolean[][] sets = new boolean[1 + r.nextInt(3)][256];
            for (boolean[] set : sets) {
                // a few rectangles (high nibbles x low nibbles), or, now and then, bytes at random (rarely fit)
                if (r.nextInt(5) == 0) {
                    for (int k = 0; k < 1 + r.nextInt(12); k++) {
                        set[r.nextInt(256)] = true;
                    }
                } else {
                    for (int k = 0; k < 1 + r.nextInt(3); k++) {
                        int highs = r.nextInt(1 << 16);
                        int lows = r.nextInt(1 << 16);
                        for (int x = 0; x < 256; x++) {
                            set[x] |= (highs >>> (x >>> 4) & lows >>> (x & 15) & 1) != 0;
                        }
                    }
                }
            }
            if (!NibbleMasks.fits(sets)) {
                refused++;
                assertThat(BlockMasks.create("nibble", new byte[256], List.of(), sets)).isNull();
                continue;
            }
            fitted++;
            NibbleMasks masks = new NibbleMasks(new byte[256], List.of(), sets);
            byte[] b = new byte[256 * 2 + r.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (i < 512 ? (i * 167 + round) & 0xFF : r.nextInt(256));
            }
            long[] starts = new long[(b.length + 63) / 64];
            long[][] bits = new long[sets.length][starts.length];
            assertThat(masks.mark(b, b.length, starts, bits)).isEqualTo(b.length);
            for (int i = 0; i < b.length; i++) {
                for (int q = 0; q < sets.length; q++) {
                    assertThat((bits[q][i >>> 6] >>> i & 1) != 0).as("set %d, byte %d", q, b[i] & 0xFF)
                            .isEqualTo(sets[q][b[i] & 0xFF]);
                }
            }
        }
        assertThat(fitted).as("sets that fit").isGreaterThan(100);
        assertThat(refused).as("sets that don't").isPositive();
    }

    @Test
    void keywordsInTwoOrFourGroupsMissNone() {
        assumeTrue(BlockMasks.modulePresent(), MODULE);
        Random r = new Random(29);
        List<String> words = RandomKeywords.generate(r, 200);
        KeywordGrams grams = new KeywordGrams(words);
        NibbleMasks masks = new NibbleMasks(grams.classTable(), grams.keywordBytes(), new boolean[0][]);
        assertThat(masks.groups()).as("groups of eight buckets").isEqualTo(4);
        RandomKeywords.assertEveryOccurrenceMarked(masks, words, r, 200);
        // and with 20 keywords, in two groups, whose tables admit far from every byte
        List<String> few = RandomKeywords.generate(new Random(31), 20);
        KeywordGrams fewGrams = new KeywordGrams(few);
        NibbleMasks fewMasks = new NibbleMasks(fewGrams.classTable(), fewGrams.keywordBytes(), new boolean[0][]);
        assertThat(fewMasks.groups()).isEqualTo(2);
        RandomKeywords.assertEveryOccurrenceMarked(fewMasks, few, r, 50);
    }
}
