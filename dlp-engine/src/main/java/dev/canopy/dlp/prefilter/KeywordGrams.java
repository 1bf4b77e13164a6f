package dev.canopy.dlp.prefilter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a set of ASCII keywords (case-insensitive) in Latin-1 text, one independent table
 * look-up per char instead of a state machine.
 *
 * <p>Why not Aho-Corasick: a dense DFA step is a load whose address depends on the previous step; with ~750 states ×
 * 45 classes the table lives in L2, so every char waits ~12 cycles (the profile of issue 14 had the walk at ~40 % of a
 * scan). Here each char is mapped to one of 64 classes (the chars keywords use; every other char is class 0) and the
 * classes of the last three chars form an 18-bit gram; a 32 KiB bitset (L1) says whether a keyword starts with that
 * gram. The loop-carried work is a shift and an or; the loads depend only on the text, so the CPU overlaps them.
 * Only positions whose gram is set are verified against the keywords starting with it (exactly, case-insensitive).
 * Keywords shorter than three chars are entered with every class after them (class 0 stands for "any other char" and
 * for the end of the text). With more than 63 distinct keyword chars some share a class: more candidates, same
 * result.
 *
 * <p>Keywords must not be empty; chars outside ASCII never match (as before: keywords are ASCII).
 */
public final class KeywordGrams {
    /** Bits of a class. */
    public static final int CLASS_BITS = 6;
    /** Mask of a gram (three classes). */
    public static final int GRAM_MASK = (1 << (3 * CLASS_BITS)) - 1;

    private final byte[] classOf = new byte[256];
    private final long[] bits = new long[1 << (2 * CLASS_BITS)];
    /**
     * Second filter for a gram that passed: its 4-gram (with the next char's class), hashed to 2^16 bits, for the
     * keywords of four chars or more; a gram that starts a shorter keyword ({@link #shortGrams}) always passes.
     */
    private final long[] bits4 = new long[1 << 10];
    private final long[] shortGrams = new long[1 << (2 * CLASS_BITS)];
    private final byte[][] keywords;      // lower-cased
    /**
     * Per keyword its first (up to) eight lower-cased bytes as a little-endian {@code long}, and the mask of those
     * bytes: a candidate is compared eight chars at a time ({@link #report}).
     */
    private final long[] head;
    private final long[] headMask;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    // gram -> ids of the keywords starting with it (open addressing; slotGram -1 = empty)
    private final int[] slotGram;
    private final int[][] slotIds;
    private final int slotMask;

    /** @param keywords distinct, non-empty ASCII keywords; a keyword's id is its index */
    public KeywordGrams(List<String> keywords) {
        this.keywords = new byte[keywords.size()][];
        int next = 1;
        for (int id = 0; id < keywords.size(); id++) {
            String k = keywords.get(id);
            if (k.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            byte[] lk = new byte[k.length()];
            for (int i = 0; i < k.length(); i++) {
                char c = lower(k.charAt(i));
                if (c >= 128) {
                    throw new IllegalArgumentException("keywords must be ASCII: " + k);
                }
                lk[i] = (byte) c;
                if (classOf[c] == 0) {
                    // 63 classes for keyword chars; beyond that chars share (more candidates, no misses)
                    classOf[c] = (byte) (next <= 63 ? next++ : 1 + (c % 63));
                    if (c >= 'a' && c <= 'z') {
                        classOf[c - 32] = classOf[c];
                    }
                }
            }
            this.keywords[id] = lk;
        }
        head = new long[this.keywords.length];
        headMask = new long[this.keywords.length];
        for (int id = 0; id < this.keywords.length; id++) {
            byte[] k = this.keywords[id];
            for (int q = 0; q < Math.min(8, k.length); q++) {
                head[id] |= (k[q] & 0xFFL) << (8 * q);
                headMask[id] |= 0xFFL << (8 * q);
            }
        }
        Map<Integer, List<Integer>> byGram = new HashMap<>();
        for (int id = 0; id < this.keywords.length; id++) {
            byte[] k = this.keywords[id];
            int c0 = classOf[k[0]];
            int[] seconds = k.length > 1 ? new int[] {classOf[k[1]]} : allClasses();
            int[] thirds = k.length > 2 ? new int[] {classOf[k[2]]} : allClasses();
            for (int c1 : seconds) {
                for (int c2 : thirds) {
                    int g = (c0 << (2 * CLASS_BITS)) | (c1 << CLASS_BITS) | c2;
                    bits[g >>> CLASS_BITS] |= 1L << g;
                    if (k.length > 3) {
                        int h4 = hash4(g, classOf[k[3]]);
                        bits4[h4 >>> 6] |= 1L << h4;
                    } else {
                        shortGrams[g >>> CLASS_BITS] |= 1L << g;
                    }
                    List<Integer> ids = byGram.computeIfAbsent(g, x -> new ArrayList<>());
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                }
            }
        }
        int size = Integer.highestOneBit(Math.max(16, byGram.size() * 2)) * 2;
        slotGram = new int[size];
        Arrays.fill(slotGram, -1);
        slotIds = new int[size][];
        slotMask = size - 1;
        for (Map.Entry<Integer, List<Integer>> e : byGram.entrySet()) {
            int s = slot(e.getKey());
            while (slotGram[s] != -1) {
                s = (s + 1) & slotMask;
            }
            slotGram[s] = e.getKey();
            slotIds[s] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static int[] allClasses() {
        int[] all = new int[1 << CLASS_BITS];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int hash4(int gram, int next) {
        return ((gram << CLASS_BITS | next) * 0x9E3779B1) >>> 16;
    }

    private int slot(int gram) {
        return (gram * 0x9E3779B1 >>> 16) & slotMask;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Latin-1 byte (0..255) to class (0: no keyword contains it). For the engine's fused loop. */
    public byte[] classTable() {
        return classOf;
    }

    /** The keywords, lower-cased, by id (the arrays themselves: read, never write). */
    public List<byte[]> keywordBytes() {
        return List.of(keywords);
    }

    /**
     * The gram bitset: bit {@code g} (word {@code g >>> 6}, bit {@code g & 63}) is set when a keyword starts with gram
     * {@code g}. For the engine's fused loop.
     */
    public long[] gramBits() {
        return bits;
    }

    /**
     * Whether a keyword may start at the first of the last three chars whose classes {@code h} holds in its low 18 bits
     * ({@code h = h << CLASS_BITS | class} per char); a set gram goes on to {@link #report}. The fused loops' test,
     * one bitset look-up.
     */
    public static boolean gramSet(long[] gramBits, int h) {
        return (gramBits[(h >>> CLASS_BITS) & (gramBits.length - 1)] & (1L << h)) != 0;
    }

    /** Whether keyword {@code id} occurs at {@code start} of the Latin-1 {@code text} of length {@code n}. */
    private boolean matchesAt(int id, byte[] text, int n, int start) {
        byte[] k = keywords[id];
        if (start + k.length > n) {
            return false;
        }
        for (int q = 0; q < k.length; q++) {
            int c = text[start + q];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != k[q]) {
                return false;
            }
        }
        return true;
    }

    /** Callback for {@link #scan}. */
    public interface HitSink {
        void hit(int keywordId, int start, int end);
    }

    /**
     * Reports every keyword occurrence (start inclusive, end exclusive) in order of start position (the engine
     * inlines this loop with its char-class triggers; this one is for tests and other callers).
     */
    public void scan(byte[] text, int n, HitSink sink) {
        int h = 0;
        for (int i = 0; i < n + 2; i++) {
            h = (h << CLASS_BITS) | (i < n ? classOf[text[i] & 0xFF] : 0);
            if (gramSet(bits, h)) {
                report(h & GRAM_MASK, text, n, i - 2, sink);
            }
        }
    }

    /**
     * Reports the keywords that occur at {@code start} of the Latin-1 {@code text} of length {@code n} and begin with
     * its {@code gram} (a set one, {@link #gramSet}): a hashed 4-gram look, then the keywords of the gram compared.
     */
    public void report(int gram, byte[] text, int n, int start, HitSink sink) {
        // a cheap second look (written out here, not called: see the note at the end): the gram followed by the next
        // char's class (0 at the end of the text) as a hashed 4-gram, for keywords of four chars or more ("page"
        // passes the gram of "AGE-SECRET-KEY-1", not this); a gram that starts a shorter keyword always passes
        if ((shortGrams[gram >>> CLASS_BITS] & (1L << gram)) == 0) {
            int h4 = hash4(gram, start + 3 < n ? classOf[text[start + 3] & 0xFF] : 0);
            if ((bits4[h4 >>> 6] & (1L << h4)) == 0) {
                return;
            }
        }
        // the keywords that start with the gram (open addressing)
        int[] ids = null;
        for (int s = slot(gram), g; (g = slotGram[s]) != -1; s = (s + 1) & slotMask) {
            if (g == gram) {
                ids = slotIds[s];
                break;
            }
        }
        if (ids == null) {
            return;
        }
        if (start < 0 || start + 8 > n) {
            for (int id : ids) {
                if (matchesAt(id, text, n, start)) {
                    sink.hit(id, start, start + keywords[id].length);
                }
            }
            return;
        }
        // eight chars at once, 'A'..'Z' folded to lower case (bytes of 0x80..0xFF are left as they are): one compare
        // per candidate instead of a loop that exits at an unpredictable char (the verification was ~1/3 of a
        // pages scan; most grams have several candidates: "sec" → secret, secret_key, secretaccesskey, ...)
        long w = (long) LONGS.get(text, start);
        long y = w & LOW7;
        long upper = (y + (0x80 - 'A') * ONES) & ~(y + (0x80 - 'Z' - 1) * ONES) & ~w & HIGH;
        long lower = w | (upper >>> 2);
        for (int id : ids) {
            if ((lower & headMask[id]) == head[id] && (keywords[id].length <= 8 || matchesAt(id, text, n, start))) {
                sink.hit(id, start, start + keywords[id].length);
            }
        }
        // Note on size: this method is kept above HotSpot's FreqInlineSize (325 bytecodes) on purpose, so that the C2
        // compiler calls it instead of inlining it into the engine's fused loop. Inlined (at 291 bytecodes it was),
        // the loop's body grew by this whole method for a branch taken at ~3 % of the chars, and the engine scanned
        // pages ~7 % slower (same-JVM A/B with -XX:CompileCommand=dontinline,...KeywordGrams::report).
    }
}
