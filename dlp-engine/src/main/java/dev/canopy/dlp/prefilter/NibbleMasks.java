package dev.canopy.dlp.prefilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockMasks} with the Vector API on 16-byte vectors, for CPUs without 64-byte ones (AVX2, SSSE3, NEON): every
 * table is a pair of 16-entry nibble tables — a byte's entry is the and of its low nibble's and its high nibble's —
 * looked up 16 bytes at a time with one byte shuffle each ({@code pshufb} / {@code tbl}), as Hyperscan's and
 * ripgrep's Teddy do:
 * <ul>
 * <li>exact sets (the engine's triggers, digits, base64 chars): each set is cut into rectangles — high nibbles with
 * the same set of low nibbles — and each rectangle gets a bit of one table pair (identical rectangles of different
 * sets share it; at most eight in all, else the engine keeps its scalar pass). A byte is in a set when its entry has
 * one of the set's bits: exact.
 * <li>keyword starts: sixteen (or 32, {@link #FOUR_GROUPS_FROM}) buckets in groups of eight, per position 0..3 of a
 * keyword and group a table pair (a bucket admits a byte when its low nibble and its bits 3..6,
 * {@link BucketModel#keywordHigh}, occur in the bucket's keywords' bytes there; any byte past a keyword's end), and
 * position {@code i} is marked when one bucket admits the bytes at {@code i..i+3}. A superset of the keyword starts, as
 * with {@link VectorMasks}, which admits fewer bytes per bucket: the engine confirms each mark.
 * </ul>
 * Loaded only through {@link BlockMasks#create}, so JVMs without {@code jdk.incubator.vector} never link it.
 */
final class NibbleMasks implements BlockMasks {
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_128;
    private static final int POSITIONS = BucketModel.POSITIONS;
    private static final int GROUP = 8;
    /**
     * Four groups of buckets (32) instead of two only when the model ({@link BucketModel#rateOf}, with the nibble
     * closure) says they save at least this share of the positions' marks: each group costs eight shuffles per 16
     * bytes, and on an AVX2 CPU (16 vector registers) its tables no longer stay in registers. Measured (same-JVM A/B,
     * 16 MiB of pages, Java 25, AMD EPYC with AVX2, when the tables took the high nibble): the built-ins' keywords,
     * modelled 1.10 → 0.13 %, marked 2.7 → 1.6 % of positions, the scan unchanged within noise (155 → 152 MiB per
     * CPU-second); with the gitleaks rules' keywords, modelled 5.65 → 1.18 %, the scan 92 → 99. With bits 3..6
     * ({@link BucketModel#keywordHigh}) the model says 0.64 → 0.10 % and 4.68 → 0.89 %: the same choices.
     */
    static final double FOUR_GROUPS_FROM = 0.02;
    private static final int MAX_GROUPS = 4;
    private final int groups;
    /** Per group and position the low-nibble and the high-nibble table of its keyword buckets, then the sets' pair. */
    private final byte[][] low = new byte[MAX_GROUPS * POSITIONS + 1][16];
    private final byte[][] high = new byte[MAX_GROUPS * POSITIONS + 1][16];
    /** Per exact set, the bits of its rectangles in the sets' table pair. */
    private final byte[] setMask;
    private final boolean anyKeyword;

    /** Two or four groups of eight buckets. */
    int groups() {
        return groups;
    }

    /**
     * Whether these exact sets fit: at most three sets (the engine's), of at most eight distinct rectangles in all;
     * {@link BlockMasks#create} asks before constructing.
     */
    static boolean fits(boolean[][] exactSets) {
        return fits(exactSets, rectangles(exactSets));
    }

    private static boolean fits(boolean[][] exactSets, Map<Long, Integer> rects) {
        return exactSets.length <= 3 && rects.size() <= 8;
    }

    public NibbleMasks(byte[] classOf, List<byte[]> keywords, boolean[][] exactSets) {
        List<boolean[][]> patterns = BucketModel.patterns(classOf, keywords);
        BucketModel.Placement placed = new BucketModel(true).placeInTwoOrFourGroups(patterns, FOUR_GROUPS_FROM);
        groups = placed.groups();
        int[] bucketOf = placed.bucketOf();
        for (int j = 0; j < patterns.size(); j++) {
            int t = POSITIONS * (bucketOf[j] / GROUP);
            byte bit = (byte) (1 << (bucketOf[j] % GROUP));
            for (int p = 0; p < POSITIONS; p++) {
                for (int x = 0; x < 256; x++) {
                    if (patterns.get(j)[p][x]) {
                        low[t + p][x & 15] |= bit;
                        high[t + p][BucketModel.keywordHigh(x)] |= bit;
                    }
                }
            }
        }
        anyKeyword = !keywords.isEmpty();
        Map<Long, Integer> rects = rectangles(exactSets);
        if (!fits(exactSets, rects)) {
            throw new IllegalArgumentException("at most 3 sets of at most 8 nibble rectangles in all");
        }
        setMask = new byte[exactSets.length];
        int setTables = MAX_GROUPS * POSITIONS; // the last pair, after every group's
        for (Map.Entry<Long, Integer> r : rects.entrySet()) {
            int lows = (int) (r.getKey() >>> 16);
            int highs = (int) (r.getKey() & 0xFFFF);
            for (int x = 0; x < 16; x++) {
                low[setTables][x] |= (byte) ((lows >>> x & 1) << r.getValue());
                high[setTables][x] |= (byte) ((highs >>> x & 1) << r.getValue());
            }
        }
        for (int q = 0; q < exactSets.length; q++) {
            for (int h = 0; h < 16; h++) {
                int lows = lowsOf(exactSets[q], h);
                if (lows != 0) {
                    setMask[q] |= (byte) (1 << rects.get(rectangle(exactSets[q], h, lows)));
                }
            }
        }
    }

    /** The distinct rectangles of all sets, each with its bit (in order of first appearance). */
    private static Map<Long, Integer> rectangles(boolean[][] exactSets) {
        Map<Long, Integer> rects = new LinkedHashMap<>();
        for (boolean[] set : exactSets) {
            for (int h = 0; h < 16; h++) {
                int lows = lowsOf(set, h);
                if (lows != 0) {
                    rects.putIfAbsent(rectangle(set, h, lows), rects.size());
                }
            }
        }
        return rects;
    }

    /** The low nibbles of the set's bytes with high nibble {@code h}, as bits. */
    private static int lowsOf(boolean[] set, int h) {
        int lows = 0;
        for (int l = 0; l < 16; l++) {
            lows |= set[h << 4 | l] ? 1 << l : 0;
        }
        return lows;
    }

    /** The rectangle of the set's high nibbles whose low nibbles are {@code lows}: (lows << 16) | highs. */
    private static long rectangle(boolean[] set, int h, int lows) {
        int highs = 0;
        for (int g = 0; g < 16; g++) {
            highs |= lowsOf(set, g) == lows ? 1 << g : 0;
        }
        return (long) lows << 16 | highs;
    }

    @Override
    public int mark(byte[] b, int n, long[] keywordStarts, long[][] setBits) {
        final VectorSpecies<Byte> s = SPECIES;
        final ByteVector a0 = ByteVector.fromArray(s, low[0], 0);
        final ByteVector a0h = ByteVector.fromArray(s, high[0], 0);
        final ByteVector a1 = ByteVector.fromArray(s, low[1], 0);
        final ByteVector a1h = ByteVector.fromArray(s, high[1], 0);
        final ByteVector a2 = ByteVector.fromArray(s, low[2], 0);
        final ByteVector a2h = ByteVector.fromArray(s, high[2], 0);
        final ByteVector a3 = ByteVector.fromArray(s, low[3], 0);
        final ByteVector a3h = ByteVector.fromArray(s, high[3], 0);
        final ByteVector b0 = ByteVector.fromArray(s, low[4], 0);
        final ByteVector b0h = ByteVector.fromArray(s, high[4], 0);
        final ByteVector b1 = ByteVector.fromArray(s, low[5], 0);
        final ByteVector b1h = ByteVector.fromArray(s, high[5], 0);
        final ByteVector b2 = ByteVector.fromArray(s, low[6], 0);
        final ByteVector b2h = ByteVector.fromArray(s, high[6], 0);
        final ByteVector b3 = ByteVector.fromArray(s, low[7], 0);
        final ByteVector b3h = ByteVector.fromArray(s, high[7], 0);
        final ByteVector c0 = ByteVector.fromArray(s, low[8], 0);
        final ByteVector c0h = ByteVector.fromArray(s, high[8], 0);
        final ByteVector c1 = ByteVector.fromArray(s, low[9], 0);
        final ByteVector c1h = ByteVector.fromArray(s, high[9], 0);
        final ByteVector c2 = ByteVector.fromArray(s, low[10], 0);
        final ByteVector c2h = ByteVector.fromArray(s, high[10], 0);
        final ByteVector c3 = ByteVector.fromArray(s, low[11], 0);
        final ByteVector c3h = ByteVector.fromArray(s, high[11], 0);
        final ByteVector d0 = ByteVector.fromArray(s, low[12], 0);
        final ByteVector d0h = ByteVector.fromArray(s, high[12], 0);
        final ByteVector d1 = ByteVector.fromArray(s, low[13], 0);
        final ByteVector d1h = ByteVector.fromArray(s, high[13], 0);
        final ByteVector d2 = ByteVector.fromArray(s, low[14], 0);
        final ByteVector d2h = ByteVector.fromArray(s, high[14], 0);
        final ByteVector d3 = ByteVector.fromArray(s, low[15], 0);
        final ByteVector d3h = ByteVector.fromArray(s, high[15], 0);
        final ByteVector fl = ByteVector.fromArray(s, low[16], 0);
        final ByteVector fh = ByteVector.fromArray(s, high[16], 0);
        final boolean four = groups == 4;
        final int sets = setMask.length;
        // up to three sets, unrolled (a loop over the sets kept C2 from compiling the masks' toLong in place)
        final byte m0 = sets > 0 ? setMask[0] : 0;
        final byte m1 = sets > 1 ? setMask[1] : 0;
        final byte m2 = sets > 2 ? setMask[2] : 0;
        final int blocks = PaddedTail.blocksInPlace(n);
        final byte[] tail = PaddedTail.of(b, n);
        final int tailBlocks = PaddedTail.blocks(tail);
        // everything written out in this one loop: the Vector API is compiled to vector instructions only where its
        // calls are inlined into one method (see VectorMasks)
        for (int w = 0; w < blocks + tailBlocks; w++) {
            final byte[] src = w < blocks ? b : tail;
            final int base = w < blocks ? w << 6 : (w - blocks) << 6;
            long starts = 0;
            long set0 = 0;
            long set1 = 0;
            long set2 = 0;
            for (int j = 0; j < 4; j++) {
                final int i = base + (j << 4);
                final int shift = j << 4;
                ByteVector v0 = ByteVector.fromArray(s, src, i);
                // the high nibble by a 16-bit shift (x86 has no byte shift) and a mask
                ByteVector x0 = v0.and((byte) 15);
                ByteVector y0 = v0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                        .and((byte) 15);
                ByteVector flags = x0.selectFrom(fl).and(y0.selectFrom(fh));
                // bits 3..6 for the keyword tables (BucketModel.keywordHigh)
                ByteVector z0 = v0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 3).reinterpretAsBytes()
                        .and((byte) 15);
                set0 |= (flags.and(m0).compare(VectorOperators.NE, (byte) 0).toLong() & 0xFFFFL) << shift;
                set1 |= (flags.and(m1).compare(VectorOperators.NE, (byte) 0).toLong() & 0xFFFFL) << shift;
                set2 |= (flags.and(m2).compare(VectorOperators.NE, (byte) 0).toLong() & 0xFFFFL) << shift;
                if (anyKeyword) {
                    ByteVector v1 = ByteVector.fromArray(s, src, i + 1);
                    ByteVector x1 = v1.and((byte) 15);
                    ByteVector y1 = v1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 3).reinterpretAsBytes()
                            .and((byte) 15);
                    ByteVector v2 = ByteVector.fromArray(s, src, i + 2);
                    ByteVector x2 = v2.and((byte) 15);
                    ByteVector y2 = v2.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 3).reinterpretAsBytes()
                            .and((byte) 15);
                    ByteVector v3 = ByteVector.fromArray(s, src, i + 3);
                    ByteVector x3 = v3.and((byte) 15);
                    ByteVector y3 = v3.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 3).reinterpretAsBytes()
                            .and((byte) 15);
                    ByteVector m = x0.selectFrom(a0).and(z0.selectFrom(a0h))
                            .and(x1.selectFrom(a1).and(y1.selectFrom(a1h)))
                            .and(x2.selectFrom(a2).and(y2.selectFrom(a2h)))
                            .and(x3.selectFrom(a3).and(y3.selectFrom(a3h)))
                            .or(x0.selectFrom(b0).and(z0.selectFrom(b0h))
                                    .and(x1.selectFrom(b1).and(y1.selectFrom(b1h)))
                                    .and(x2.selectFrom(b2).and(y2.selectFrom(b2h)))
                                    .and(x3.selectFrom(b3).and(y3.selectFrom(b3h))));
                    if (four) {
                        m = m.or(x0.selectFrom(c0).and(z0.selectFrom(c0h))
                                .and(x1.selectFrom(c1).and(y1.selectFrom(c1h)))
                                .and(x2.selectFrom(c2).and(y2.selectFrom(c2h)))
                                .and(x3.selectFrom(c3).and(y3.selectFrom(c3h))))
                                .or(x0.selectFrom(d0).and(z0.selectFrom(d0h))
                                        .and(x1.selectFrom(d1).and(y1.selectFrom(d1h)))
                                        .and(x2.selectFrom(d2).and(y2.selectFrom(d2h)))
                                        .and(x3.selectFrom(d3).and(y3.selectFrom(d3h))));
                    }
                    starts |= (m.compare(VectorOperators.NE, (byte) 0).toLong() & 0xFFFFL) << shift;
                }
            }
            keywordStarts[w] = starts;
            if (sets > 0) {
                setBits[0][w] = set0;
            }
            if (sets > 1) {
                setBits[1][w] = set1;
            }
            if (sets > 2) {
                setBits[2][w] = set2;
            }
        }
        return n;
    }
}
