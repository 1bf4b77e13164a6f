package dev.canopy.dlp.prefilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Random keywords and texts made of them, for the {@link BlockMasks} implementations' tests. */
final class RandomKeywords {
    private RandomKeywords() {
    }

    /** {@code count} distinct keywords of 2..7 chars, common letters first (as real rules' keywords mostly are). */
    static List<String> generate(Random r, int count) {
        String letters = "etaoinshrdlcumwfgypbvkjxqz0123456789_-.:/~";
        List<String> words = new ArrayList<>();
        while (words.size() < count) {
            StringBuilder w = new StringBuilder();
            for (int i = 0, len = 2 + r.nextInt(6); i < len; i++) {
                w.append(letters.charAt(Math.min(letters.length() - 1, (int) Math.abs(r.nextGaussian() * 9))));
            }
            if (!words.contains(w.toString())) {
                words.add(w.toString());
            }
        }
        return words;
    }

    /**
     * Marks {@code rounds} texts of 1..900 chars made of the keywords (upper and lower case), " the " and Latin-1
     * letters, and asserts every keyword occurrence is marked (in the blocks and in the zero-padded tail).
     */
    static void assertEveryOccurrenceMarked(BlockMasks masks, List<String> words, Random r, int rounds) {
        for (int round = 0; round < rounds; round++) {
            StringBuilder sb = new StringBuilder();
            for (int n = 1 + r.nextInt(900); sb.length() < n; ) {
                int roll = r.nextInt(6);
                sb.append(roll < 2 ? words.get(r.nextInt(words.size())).toUpperCase(Locale.ROOT)
                        : roll < 4 ? words.get(r.nextInt(words.size())) : roll < 5 ? " the " : "\u00e9\u00ff");
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
