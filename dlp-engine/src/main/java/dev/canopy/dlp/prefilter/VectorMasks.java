package dev.canopy.dlp.prefilter;

import java.util.List;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockMasks} with the Vector API, 64 bytes per vector (AVX-512; {@link #SPECIES}). Every set is a 128-entry
 * byte table over ASCII (bytes of 0x80..0xFF are in none), looked up 64 bytes at a time with two 64-entry shuffles
 * (one instruction each with AVX-512 VBMI) and a blend — the nibble-table idea of Hyperscan's and ripgrep's Teddy,
 * with whole-byte tables:
 * <ul>
 * <li>exact sets (the engine's triggers, digits, base64 chars): one table with a bit per set;
 * <li>keyword starts: each keyword is in one of sixteen (or 32, {@link #FOUR_GROUPS_FROM}) buckets; per position
 * 0..3 of a keyword and group of eight buckets a table gives the buckets whose keywords have that byte's class there
 * (or end before it: any byte), and position {@code i} is marked when one bucket admits the bytes at {@code i..i+3}.
 * That admits every start of every keyword (a superset: the bytes of different keywords of a bucket combine). The
 * engine tests each mark's 18-bit gram and {@link KeywordGrams#report} its hashed 4-gram, as in the scalar pass, so
 * what is found is the same. Keywords are placed in buckets by a model of page text ({@link BucketModel}): on the
 * generated pages ~1.5 % of the positions are marked for the built-ins (the scalar gram test passes 2.6 %), ~3.3 %
 * with the gitleaks rules' keywords (32 buckets; 6.8 % in sixteen).
 * </ul>
 * Loaded only through {@link BlockMasks#create}, so JVMs without {@code jdk.incubator.vector} never link it.
 */
final class VectorMasks implements BlockMasks {
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_512;
    private static final int POSITIONS = BucketModel.POSITIONS;
    /** Buckets come in groups of eight (a byte of bucket bits per group); two or four groups. */
    private static final int GROUP = 8;
    /**
     * Four groups of buckets only when the model ({@link BucketModel#rateOf}) says they save at least this share of the
     * positions' marks. The model counts 2-3x fewer marks than page text has; measured on the generated pages: the
     * built-ins' keywords, modelled 0.24 → 0.07 %, marked 1.5 → 1.1 % of positions (the scan the same within noise
     * in a same-JVM A/B: the extra table look-ups cost about what the fewer marks save); with the gitleaks rules'
     * ~300 more, modelled 1.75 → 0.49 %, marked 6.8 → 3.3 % (the scan ~10 % faster). So the built-ins stay at two
     * groups and the gitleaks rules take four.
     */
    static final double FOUR_GROUPS_FROM = 0.005;
    /**
     * Keyword tables for positions 0..3 of buckets 0..7, the same of buckets 8..15 (then 16..23 and 24..31 when
     * {@link #groups} is four, else zero), then the exact sets' table.
     */
    private final byte[][] tables = new byte[4 * POSITIONS + 1][128];
    private final int groups;
    private final int sets;
    private final boolean anyKeyword;

    /** Two or four groups of eight buckets. */
    int groups() {
        return groups;
    }

    /** The width of this CPU's vector registers for bytes, in bytes (the Vector API's preferred species). */
    static int preferredBytes() {
        return ByteVector.SPECIES_PREFERRED.length();
    }

    public VectorMasks(byte[] classOf, List<byte[]> keywords, boolean[][] exactSets) {
        if (exactSets.length > 8) {
            throw new IllegalArgumentException("at most 8 sets");
        }
        List<boolean[][]> patterns = BucketModel.patterns(classOf, keywords);
        BucketModel.Placement placed = new BucketModel(false).placeInTwoOrFourGroups(patterns, FOUR_GROUPS_FROM);
        groups = placed.groups();
        int[] bucketOf = placed.bucketOf();
        for (int j = 0; j < patterns.size(); j++) {
            for (int p = 0; p < POSITIONS; p++) {
                for (int x = 0; x < 128; x++) {
                    if (patterns.get(j)[p][x]) {
                        tables[p + POSITIONS * (bucketOf[j] / GROUP)][x] |= (byte) (1 << (bucketOf[j] % GROUP));
                    }
                }
            }
        }
        anyKeyword = !keywords.isEmpty();
        sets = exactSets.length;
        for (int q = 0; q < exactSets.length; q++) {
            for (int x = 0; x < 256; x++) {
                if (exactSets[q][x] && x >= 128) {
                    throw new IllegalArgumentException("sets are ASCII");
                }
                if (exactSets[q][x]) {
                    tables[4 * POSITIONS][x] |= (byte) (1 << q);
                }
            }
        }
    }

    @Override
    public int mark(byte[] b, int n, long[] keywordStarts, long[][] setBits) {
        final VectorSpecies<Byte> s = SPECIES;
        final ByteVector a0 = ByteVector.fromArray(s, tables[0], 0);
        final ByteVector a0h = ByteVector.fromArray(s, tables[0], 64);
        final ByteVector a1 = ByteVector.fromArray(s, tables[1], 0);
        final ByteVector a1h = ByteVector.fromArray(s, tables[1], 64);
        final ByteVector a2 = ByteVector.fromArray(s, tables[2], 0);
        final ByteVector a2h = ByteVector.fromArray(s, tables[2], 64);
        final ByteVector a3 = ByteVector.fromArray(s, tables[3], 0);
        final ByteVector a3h = ByteVector.fromArray(s, tables[3], 64);
        final ByteVector b0 = ByteVector.fromArray(s, tables[4], 0);
        final ByteVector b0h = ByteVector.fromArray(s, tables[4], 64);
        final ByteVector b1 = ByteVector.fromArray(s, tables[5], 0);
        final ByteVector b1h = ByteVector.fromArray(s, tables[5], 64);
        final ByteVector b2 = ByteVector.fromArray(s, tables[6], 0);
        final ByteVector b2h = ByteVector.fromArray(s, tables[6], 64);
        final ByteVector b3 = ByteVector.fromArray(s, tables[7], 0);
        final ByteVector b3h = ByteVector.fromArray(s, tables[7], 64);
        final ByteVector c0 = ByteVector.fromArray(s, tables[8], 0);
        final ByteVector c0h = ByteVector.fromArray(s, tables[8], 64);
        final ByteVector c1 = ByteVector.fromArray(s, tables[9], 0);
        final ByteVector c1h = ByteVector.fromArray(s, tables[9], 64);
        final ByteVector c2 = ByteVector.fromArray(s, tables[10], 0);
        final ByteVector c2h = ByteVector.fromArray(s, tables[10], 64);
        final ByteVector c3 = ByteVector.fromArray(s, tables[11], 0);
        final ByteVector c3h = ByteVector.fromArray(s, tables[11], 64);
        final ByteVector d0 = ByteVector.fromArray(s, tables[12], 0);
        final ByteVector d0h = ByteVector.fromArray(s, tables[12], 64);
        final ByteVector d1 = ByteVector.fromArray(s, tables[13], 0);
        final ByteVector d1h = ByteVector.fromArray(s, tables[13], 64);
        final ByteVector d2 = ByteVector.fromArray(s, tables[14], 0);
        final ByteVector d2h = ByteVector.fromArray(s, tables[14], 64);
        final ByteVector d3 = ByteVector.fromArray(s, tables[15], 0);
        final ByteVector d3h = ByteVector.fromArray(s, tables[15], 64);
        final ByteVector fa = ByteVector.fromArray(s, tables[16], 0);
        final ByteVector fb = ByteVector.fromArray(s, tables[16], 64);
        final boolean four = groups == 4;
        final int blocks = PaddedTail.blocksInPlace(n);
        final byte[] tail = PaddedTail.of(b, n);
        final int tailBlocks = PaddedTail.blocks(tail);
        // everything written out in this one loop: the Vector API is compiled to vector instructions only where its
        // calls are inlined into one method; helper methods were compiled on their own (boxed vectors, ~50 MiB/s)
        for (int w = 0; w < blocks + tailBlocks; w++) {
            final byte[] src = w < blocks ? b : tail;
            final int i = w < blocks ? w << 6 : (w - blocks) << 6;
            ByteVector v0 = ByteVector.fromArray(s, src, i);
            VectorShuffle<Byte> x0 = v0.and((byte) 63).toShuffle();
            VectorMask<Byte> u0 = v0.and((byte) 64).compare(VectorOperators.NE, (byte) 0);
            long ascii = v0.compare(VectorOperators.GE, (byte) 0).toLong(); // 0x80..0xFF: in no set
            ByteVector flags = fa.rearrange(x0).blend(fb.rearrange(x0), u0);
            for (int q = 0; q < sets; q++) {
                setBits[q][w] = flags.and((byte) (1 << q)).compare(VectorOperators.NE, (byte) 0).toLong() & ascii;
            }
            if (anyKeyword) {
                // a byte of 0x80..0xFF is looked up as its low seven bits here: more marks, never fewer
                ByteVector v1 = ByteVector.fromArray(s, src, i + 1);
                VectorShuffle<Byte> x1 = v1.and((byte) 63).toShuffle();
                VectorMask<Byte> u1 = v1.and((byte) 64).compare(VectorOperators.NE, (byte) 0);
                ByteVector v2 = ByteVector.fromArray(s, src, i + 2);
                VectorShuffle<Byte> x2 = v2.and((byte) 63).toShuffle();
                VectorMask<Byte> u2 = v2.and((byte) 64).compare(VectorOperators.NE, (byte) 0);
                ByteVector v3 = ByteVector.fromArray(s, src, i + 3);
                VectorShuffle<Byte> x3 = v3.and((byte) 63).toShuffle();
                VectorMask<Byte> u3 = v3.and((byte) 64).compare(VectorOperators.NE, (byte) 0);
                ByteVector m = a0.rearrange(x0).blend(a0h.rearrange(x0), u0)
                        .and(a1.rearrange(x1).blend(a1h.rearrange(x1), u1))
                        .and(a2.rearrange(x2).blend(a2h.rearrange(x2), u2))
                        .and(a3.rearrange(x3).blend(a3h.rearrange(x3), u3))
                        .or(b0.rearrange(x0).blend(b0h.rearrange(x0), u0)
                                .and(b1.rearrange(x1).blend(b1h.rearrange(x1), u1))
                                .and(b2.rearrange(x2).blend(b2h.rearrange(x2), u2))
                                .and(b3.rearrange(x3).blend(b3h.rearrange(x3), u3)));
                if (four) {
                    m = m.or(c0.rearrange(x0).blend(c0h.rearrange(x0), u0)
                            .and(c1.rearrange(x1).blend(c1h.rearrange(x1), u1))
                            .and(c2.rearrange(x2).blend(c2h.rearrange(x2), u2))
                            .and(c3.rearrange(x3).blend(c3h.rearrange(x3), u3)))
                            .or(d0.rearrange(x0).blend(d0h.rearrange(x0), u0)
                                    .and(d1.rearrange(x1).blend(d1h.rearrange(x1), u1))
                                    .and(d2.rearrange(x2).blend(d2h.rearrange(x2), u2))
                                    .and(d3.rearrange(x3).blend(d3h.rearrange(x3), u3)));
                }
                keywordStarts[w] = m.compare(VectorOperators.NE, (byte) 0).toLong();
            } else {
                keywordStarts[w] = 0;
            }
        }
        return n;
    }
}
