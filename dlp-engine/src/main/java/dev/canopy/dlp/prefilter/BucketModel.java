package dev.canopy.dlp.prefilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the {@link BlockMasks} implementations put each keyword: in one of a few buckets, a position being marked
 * when the bytes from it on are admitted by one bucket (the bytes of the bucket's keywords combine, so the marks are
 * a superset of the keyword starts). Keywords are placed so that few positions of ordinary text are marked, by a model
 * of it ({@link #TYPICAL}: bytes independent, with typical frequencies).
 *
 * <p>A bucket's admitted bytes at a position are what its tables can express: with whole-byte tables
 * ({@link VectorMasks}) the union of its keywords' bytes, with nibble tables ({@link NibbleMasks}) every byte whose
 * low nibble and "high nibble" (bits 3..6, {@link #keywordHigh}) each occur in that union.
 */
final class BucketModel {
    /**
     * The second index of a byte in {@link NibbleMasks}' keyword tables: its bits 3..6, not its high nibble. The two
     * indexes share bit 3, so a bucket's tables admit fewer bytes its keywords don't have: 's' and 'k' in one bucket
     * admit 's', 'S', 'k', 'K' and no more, where low and high nibble also admit 'c', 'C', '[', '{' (on the generated
     * pages 22 300 instead of 28 700 marks per MiB for the built-ins, at the same cost). Bytes of 0x80..0xFF are looked
     * up as their low seven bits: more marks, never fewer. The exact sets keep the high nibble.
     */
    static int keywordHigh(int x) {
        return x >>> 3 & 15;
    }

    /** Bytes of a keyword's start looked at: its 18-bit gram, and the next byte as the engine's hashed 4-gram does. */
    static final int POSITIONS = 4;

    private final boolean nibbles;

    /** @param nibbles whether a bucket's tables are nibble tables (else whole-byte tables) */
    BucketModel(boolean nibbles) {
        this.nibbles = nibbles;
    }

    /**
     * Per position 0..3, the bytes whose class keyword {@code k} has there ({@code classOf} as in
     * {@link KeywordGrams}); every byte past its end.
     */
    static boolean[][] admitted(byte[] classOf, byte[] k) {
        boolean[][] sets = new boolean[POSITIONS][256];
        for (int p = 0; p < POSITIONS; p++) {
            for (int x = 0; x < 256; x++) {
                sets[p][x] = p >= k.length || (classOf[x] != 0 && classOf[x] == classOf[k[p]]);
            }
        }
        return sets;
    }

    /** The distinct {@link #admitted} patterns of these keywords. */
    static List<boolean[][]> patterns(byte[] classOf, List<byte[]> keywords) {
        List<boolean[][]> patterns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] k : keywords) {
            boolean[][] a = admitted(classOf, k);
            if (seen.add(Arrays.deepToString(a))) {
                patterns.add(a);
            }
        }
        return patterns;
    }

    /** Where each pattern goes: its bucket, in {@code groups} groups of eight. */
    record Placement(int groups, int[] bucketOf) {
    }

    /**
     * The patterns in two groups of eight buckets, or in four when the model says four save at least
     * {@code fourGroupsFrom} of the positions' marks (each implementation weighs its own cost of a group).
     */
    Placement placeInTwoOrFourGroups(List<boolean[][]> patterns, double fourGroupsFrom) {
        int[] inTwo = place(patterns, 16);
        int[] inFour = place(patterns, 32);
        return rateOf(patterns, inTwo, 16) - rateOf(patterns, inFour, 32) >= fourGroupsFrom
                ? new Placement(4, inFour) : new Placement(2, inTwo);
    }

    /**
     * Places the keyword patterns in buckets: most common patterns first, each where the bucket's modelled marks grow
     * least, then single moves while one lowers the total. (Placing them by the marks on a sample page instead did
     * worse: a short sample rewards placements that only suit it.)
     */
    int[] place(List<boolean[][]> patterns, int buckets) {
        int m = patterns.size();
        // per bucket, position and byte: how many of its patterns admit it (a byte counts in the model while > 0)
        int[][][] bucket = new int[buckets][POSITIONS][256];
        int[] bucketOf = new int[m];
        double[] alone = new double[m];
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
            alone[j] = rate(new int[POSITIONS][256], patterns.get(j));
        }
        Arrays.sort(order, Comparator.comparingDouble(j -> -alone[j]));
        for (int j : order) {
            bucketOf[j] = cheapest(bucket, patterns.get(j), -1);
            add(bucket[bucketOf[j]], patterns.get(j), 1);
        }
        for (int pass = 0; pass < 4; pass++) {
            boolean moved = false;
            for (int j = 0; j < m; j++) {
                int from = bucketOf[j];
                add(bucket[from], patterns.get(j), -1); // the bucket without j
                bucketOf[j] = cheapest(bucket, patterns.get(j), from);
                add(bucket[bucketOf[j]], patterns.get(j), 1);
                moved |= bucketOf[j] != from;
            }
            if (!moved) {
                break;
            }
        }
        return bucketOf;
    }

    /** The modelled share of positions marked with the patterns in these buckets (a bucket's marks may overlap). */
    double rateOf(List<boolean[][]> patterns, int[] bucketOf, int buckets) {
        int[][][] bucket = new int[buckets][POSITIONS][256];
        for (int j = 0; j < patterns.size(); j++) {
            add(bucket[bucketOf[j]], patterns.get(j), 1);
        }
        double total = 0;
        for (int[][] b : bucket) {
            total += rate(b, null);
        }
        return total;
    }

    /** The bucket whose modelled marks grow least with {@code pattern} ({@code stay} wins ties). */
    private int cheapest(int[][][] bucket, boolean[][] pattern, int stay) {
        int best = stay < 0 ? 0 : stay;
        double bestGrowth = rate(bucket[best], pattern) - rate(bucket[best], null);
        for (int k = 0; k < bucket.length; k++) {
            double growth = rate(bucket[k], pattern) - rate(bucket[k], null);
            if (growth < bestGrowth - 1e-12) {
                bestGrowth = growth;
                best = k;
            }
        }
        return best;
    }

    private static void add(int[][] bucket, boolean[][] pattern, int delta) {
        for (int p = 0; p < POSITIONS; p++) {
            for (int x = 0; x < 256; x++) {
                if (pattern[p][x]) {
                    bucket[p][x] += delta;
                }
            }
        }
    }

    /** The modelled share of positions a bucket marks (with {@code plus} added when not null). */
    private double rate(int[][] bucket, boolean[][] plus) {
        double rate = 1;
        for (int p = 0; p < POSITIONS; p++) {
            double f = 0;
            if (nibbles) {
                int lows = 0;
                int highs = 0;
                for (int x = 0; x < 256; x++) {
                    if (bucket[p][x] > 0 || (plus != null && plus[p][x])) {
                        lows |= 1 << (x & 15);
                        highs |= 1 << keywordHigh(x);
                    }
                }
                for (int x = 0; x < 128; x++) {
                    f += (lows >>> (x & 15) & highs >>> keywordHigh(x) & 1) != 0 ? TYPICAL[x] : 0;
                }
            } else {
                for (int x = 0; x < 128; x++) {
                    f += bucket[p][x] > 0 || (plus != null && plus[p][x]) ? TYPICAL[x] : 0;
                }
            }
            rate *= f;
        }
        return rate;
    }

    /**
     * Rough byte frequencies of page text (prose and markup): letters in English order of frequency, spaces, digits,
     * punctuation (bytes of 0x80..0xFF count as rare). Only used to place keywords in buckets, so that common letters
     * do not share one.
     */
    private static final double[] TYPICAL = new double[128];

    static {
        String byFrequency = "etaoinshrdlcumwfgypbvkjxqz";
        for (int r = 0; r < byFrequency.length(); r++) {
            double f = 0.70 * 0.0385 * Math.pow(0.84, r) / 0.24; // geometric, ~0.70 over the 26 letters
            TYPICAL[byFrequency.charAt(r)] = f * 0.9;
            TYPICAL[Character.toUpperCase(byFrequency.charAt(r))] = f * 0.1;
        }
        TYPICAL[' '] = 0.15;
        for (char c = '0'; c <= '9'; c++) {
            TYPICAL[c] = 0.004;
        }
        for (char c : "<>/=\".-_:,;()\n".toCharArray()) {
            TYPICAL[c] += 0.006;
        }
    }
}
