package dev.canopy.dlp.prefilter;

/**
 * The block loops of the {@link BlockMasks} implementations read each 64-byte block and a few bytes past it (a keyword
 * start is looked at over {@link BucketModel#POSITIONS} bytes). Blocks whose reads stay inside the text are read in
 * place; the rest of the text (its last 3..66 bytes) from a zero-padded copy: a zero byte is in no set and starts no
 * keyword, so the padding marks nothing (the scalar tail that did this before marked every position, ~1 % of all
 * marks), and bytes past {@code n} are never read.
 */
final class PaddedTail {
    private PaddedTail() {
    }

    /** The whole blocks of {@code b[0, n)} read in place. */
    static int blocksInPlace(int n) {
        return (n - (BucketModel.POSITIONS - 1)) / 64;
    }

    /** The bytes after those blocks, zero-padded to whole blocks plus the bytes read past the last one. */
    static byte[] of(byte[] b, int n) {
        int from = blocksInPlace(n) * 64;
        byte[] tail = new byte[((n - from + 63) >>> 6) * 64 + BucketModel.POSITIONS - 1];
        System.arraycopy(b, from, tail, 0, n - from);
        return tail;
    }

    /** The blocks of {@link #of}'s copy. */
    static int blocks(byte[] tail) {
        return tail.length >>> 6;
    }
}
