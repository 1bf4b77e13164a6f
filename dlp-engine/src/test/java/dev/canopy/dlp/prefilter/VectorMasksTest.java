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
        List<String> words = RandomKeywords.generate(r, 300);
        KeywordGrams grams = new KeywordGrams(words);
        VectorMasks masks = new VectorMasks(grams.classTable(), grams.keywordBytes(), new boolean[0][]);
        assertThat(masks.groups()).as("groups of eight buckets").isEqualTo(4);
        RandomKeywords.assertEveryOccurrenceMarked(masks, words, r, 200);
    }
}
