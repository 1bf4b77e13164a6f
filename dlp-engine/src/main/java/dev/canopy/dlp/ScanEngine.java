package dev.canopy.dlp;

import dev.canopy.dlp.prefilter.BlockMasks;
import dev.canopy.dlp.prefilter.KeywordGrams;
import dev.canopy.dlp.validate.Checks;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scans text with a fixed set of detectors. Immutable and thread-safe; build one per tenant configuration and
 * reuse it.
 *
 * <p>One fused pass over the text (as Latin-1 bytes, {@link Latin1}) finds the keywords ({@link KeywordGrams}: one
 * table look-up per char) and runs the character-class triggers of the built-in PII recognizers. Keyword hits open
 * windows (merged per detector) in which the detector's pattern is confirmed; keyword-less rules run their
 * linear-time pattern over the whole text. Confirmed candidates go through entropy, validators, allowlists and context
 * words; overlapping findings are resolved (best confidence wins within PII, within secrets and within custom rules;
 * PII inside a secret is dropped).
 */
public final class ScanEngine {
    /** Default bound of decoded chars scanned per text ({@link Builder#decode(int)}). */
    public static final int DEFAULT_MAX_DECODED_CHARS = 256 * 1024;
    // trigger flags, above the keyword class in the fused pass's per-byte table
    private static final int F_DIGIT = 1;
    private static final int F_AT = 2;
    private static final int F_COLON = 4;
    /** '%': a URL-encoded value may start here (positions are collected for decoding, see {@link EncodedText}). */
    private static final int F_PERCENT = 8;
    private static final int FLAG_SHIFT = 8;
    private static final int TRIGGERS = 0xFF << FLAG_SHIFT;
    /** A base64-alphabet char (runs of {@link EncodedText#MIN_BASE64} are collected for decoding); no trigger. */
    private static final int BASE64_SHIFT = 16;
    private static final int BASE64_CHAR = 1 << BASE64_SHIFT;
    /** Texts shorter than this take the scalar pass (the vector blocks would leave little but the tail). */
    private static final int MASKED_MIN = 256;

    private final Detector[] detectors;
    private final KeywordGrams grams;
    private final int[][] keywordDetectors;
    private final String[][] keywordExact;
    private final int[] fullText;
    private final Detector[] numberDet;
    /** Per digit count below {@link TokenRecognizer#NUMBER_DIGITS}, the NUMBER detectors taking tokens that short. */
    private final Detector[][] shortNumberDet;
    private final Detector[] atDet;
    private final Detector[] colonDet;
    private final Detector[] lettersDigitsDet;
    /** Latin-1 byte → keyword class (low bits) | trigger flags << {@link #FLAG_SHIFT}. */
    private final int[] byteTable = new int[256];
    /** The fused pass's marks computed many bytes at a time, or null: the scalar pass (see {@link BlockMasks}). */
    private final BlockMasks blockMasks;
    private final byte[] fingerprintKey;
    private final byte[] legacySalt;
    private final double minConfidence;
    private final Duration perRule;
    private final Duration perText;
    private final int maxDecodedChars;

    private ScanEngine(Builder b) {
        this.detectors = b.detectors.values().toArray(new Detector[0]);
        this.fingerprintKey = b.fingerprintKey.clone();
        this.legacySalt = b.legacySalt == null ? null : b.legacySalt.clone();
        byte[] key = this.fingerprintKey;
        this.mac = ThreadLocal.withInitial(() -> newMac(key));
        this.minConfidence = b.minConfidence;
        this.perRule = b.perRule;
        this.perText = b.perText;
        this.maxDecodedChars = b.maxDecodedChars;
        Map<String, Integer> kwIds = new LinkedHashMap<>();
        List<List<Integer>> kwDet = new ArrayList<>();
        List<List<String>> kwExact = new ArrayList<>();
        List<Integer> full = new ArrayList<>();
        List<Detector> num = new ArrayList<>();
        List<Detector> at = new ArrayList<>();
        List<Detector> colon = new ArrayList<>();
        List<Detector> ld = new ArrayList<>();
        for (int d = 0; d < detectors.length; d++) {
            Detector det = detectors[d];
            switch (det.trigger()) {
                case KEYWORD -> {
                    Set<String> seen = new HashSet<>();
                    for (String k : det.keywords()) {
                        String lk = k.toLowerCase(Locale.ROOT);
                        if (lk.isEmpty() || !seen.add(lk + (det.keywordsCaseSensitive() ? k : ""))) {
                            continue;
                        }
                        Integer id = kwIds.get(lk);
                        if (id == null) {
                            id = kwIds.size();
                            kwIds.put(lk, id);
                            kwDet.add(new ArrayList<>());
                            kwExact.add(new ArrayList<>());
                        }
                        kwDet.get(id).add(d);
                        kwExact.get(id).add(det.keywordsCaseSensitive() ? k : null);
                    }
                }
                case FULL_TEXT -> full.add(d);
                case CHAR_CLASS -> {
                    switch (det.recognizerKind()) {
                        case NUMBER -> num.add(det);
                        case AT_SIGN -> at.add(det);
                        case COLON -> colon.add(det);
                        case LETTERS_DIGITS -> ld.add(det);
                    }
                }
            }
        }
        this.grams = new KeywordGrams(new ArrayList<>(kwIds.keySet()));
        this.keywordDetectors = kwDet.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        this.keywordExact = kwExact.stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
        this.fullText = full.stream().mapToInt(Integer::intValue).toArray();
        this.numberDet = num.toArray(new Detector[0]);
        this.shortNumberDet = new Detector[TokenRecognizer.NUMBER_DIGITS][];
        for (int digits = 0; digits < TokenRecognizer.NUMBER_DIGITS; digits++) {
            int d = digits;
            shortNumberDet[d] = num.stream().filter(x -> x.minDigits() <= d).toArray(Detector[]::new);
        }
        this.atDet = at.toArray(new Detector[0]);
        this.colonDet = colon.toArray(new Detector[0]);
        this.lettersDigitsDet = ld.toArray(new Detector[0]);
        int[] flags = new int[256];
        if (numberDet.length > 0 || lettersDigitsDet.length > 0) {
            for (char c = '0'; c <= '9'; c++) {
                flags[c] |= F_DIGIT;
            }
        }
        if (atDet.length > 0) {
            flags['@'] |= F_AT;
        }
        if (colonDet.length > 0) {
            flags[':'] |= F_COLON;
        }
        if (maxDecodedChars > 0) {
            flags['%'] |= F_PERCENT;
        }
        byte[] classes = grams.classTable();
        boolean[] otherTriggers = new boolean[256];
        boolean[] digitTriggers = new boolean[256];
        boolean[] base64Chars = new boolean[256];
        for (int c = 0; c < 256; c++) {
            byteTable[c] = classes[c] | flags[c] << FLAG_SHIFT
                    | (maxDecodedChars > 0 && EncodedText.isBase64Char(c) ? BASE64_CHAR : 0);
            otherTriggers[c] = flags[c] != 0 && flags[c] != F_DIGIT;
            digitTriggers[c] = flags[c] == F_DIGIT;
            base64Chars[c] = (byteTable[c] & BASE64_CHAR) != 0;
        }
        this.blockMasks = BlockMasks.create(b.vectorMode, classes, grams.keywordBytes(), otherTriggers, digitTriggers,
                base64Chars);
    }

    /** Whether this engine's fused pass runs on the Vector API ({@link BlockMasks}); for benchmarks and logs. */
    public boolean vectorized() {
        return blockMasks != null;
    }

    /** Which fused pass this engine runs: {@code scalar}, or the {@link BlockMasks} implementation's class name. */
    public String fusedPass() {
        return blockMasks == null ? "scalar" : blockMasks.getClass().getSimpleName();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Detectors of this engine, in registration order. */
    public List<Detector> detectors() {
        return List.of(detectors);
    }

    /** Number of distinct prefilter keywords. */
    public int keywordCount() {
        return keywordDetectors.length;
    }

    /** A fresh budget for one text with this engine's limits ({@link Builder#budget}); unlimited by default. */
    public ScanBudget newBudget() {
        return perRule == null ? ScanBudget.unlimited() : new ScanBudget(perRule, perText);
    }

    /** Scans {@code text} within a fresh {@link #newBudget()}; matches are ordered by start offset. */
    public List<Match> scan(CharSequence input) {
        return scan(input, newBudget());
    }

    /**
     * Scans {@code text}, charging tenant and imported rules to {@code budget} (rules out of time are skipped and
     * listed in {@link ScanBudget#exceeded()}); matches are ordered by start offset.
     */
    public List<Match> scan(CharSequence input, ScanBudget budget) {
        String text = input.toString();
        Object[] seen = new Object[3];
        List<Match> plain = scanPlain(text, budget, seen);
        if (maxDecodedChars <= 0) {
            return plain;
        }
        EncodedText.Decoded d = EncodedText.decode(text, (byte[]) seen[0], maxDecodedChars, (int[]) seen[1], (int[]) seen[2]);
        if (d.isEmpty()) {
            return plain;
        }
        // depth 1: the decoded text is scanned once, without decoding again
        return DecodedMatches.merge(text, (byte[]) seen[0], plain, d, scanPlain(d.text(), budget, null));
    }

    /**
     * One scan without decoding; when {@code seen} is given, the text's bytes go to {@code seen[0]}, the positions
     * of every '%' to {@code seen[1]} and the starts of base64-alphabet runs to {@code seen[2]} (for
     * {@link EncodedText}).
     */
    private List<Match> scanPlain(final String text, ScanBudget budget, Object[] seen) {
        final int n = text.length();
        final Scan st = new Scan(text, budget);
        final byte[] b = Latin1.of(text);
        if (blockMasks != null && n >= MASKED_MIN) {
            passMasked(st, b);
        } else {
            passScalar(st, b);
        }
        for (int d = 0; d < detectors.length; d++) {
            if (st.winEnd[d] > 0) {
                flush(st, d, st.winStart[d], st.winEnd[d]);
            }
        }
        for (int d : fullText) {
            flush(st, d, 0, n);
        }
        if (seen != null) {
            seen[0] = b;
            seen[1] = st.percents.toArray();
            seen[2] = st.base64Runs.toArray();
        }
        return finish(st);
    }

    /**
     * The fused pass, one byte at a time: per byte a table look-up gives its keyword class and trigger flags; the
     * classes of the last three bytes are a gram, tested against the keywords' grams ({@link KeywordGrams}).
     */
    private void passScalar(Scan st, byte[] b) {
        final int n = b.length;
        final int[] table = byteTable;
        final long[] gramBits = grams.gramBits();
        // h: the keyword classes of the last chars, 6 bits each; its low 18 bits are the gram of the last three
        int h = 0;
        int run = 0; // length of the base64-alphabet run ending here
        for (int i = 0; i < n; i++) {
            int t = table[b[i] & 0xFF];
            h = (h << KeywordGrams.CLASS_BITS) | (t & 0xFF);
            if (KeywordGrams.gramSet(gramBits, h)) {
                grams.report(h & KeywordGrams.GRAM_MASK, b, n, i - 2, st.keywordHits);
            }
            if ((t & TRIGGERS) != 0) {
                trigger(st, b, i, (t & TRIGGERS) >>> FLAG_SHIFT);
            }
            // without a branch: as "? run + 1 : 0" the JIT emits a jump that mispredicts at every word boundary of
            // prose, which made the whole pass ~1.5x slower (measured on the pages corpus)
            run = (run + 1) & -(t >>> BASE64_SHIFT & 1);
            if (run == EncodedText.MIN_BASE64) {
                st.base64Runs.add(i + 1 - EncodedText.MIN_BASE64);
            }
        }
        // keywords of one or two chars at the very end: their grams continue with class 0
        for (int i = n; i < n + 2; i++) {
            h <<= KeywordGrams.CLASS_BITS;
            if (KeywordGrams.gramSet(gramBits, h)) {
                grams.report(h & KeywordGrams.GRAM_MASK, b, n, i - 2, st.keywordHits);
            }
        }
    }

    /**
     * The same pass from {@link BlockMasks}: per word of 64 positions, the keyword marks (a keyword starting at
     * {@code s} is reported at {@code s + 2}, when the scalar pass reads its third char), each confirmed by its exact
     * gram, then the triggers. Within a word that is not the scalar pass's order, and need not be: keywords give
     * secret and tenant-rule candidates, triggers personal data, each kind in its own order as before, and overlap
     * resolution works per kind (a stable sort); so the matches are the same (`VectorPassTest`). Two loops instead of
     * one over both kinds of event saved two unpredictable branches per event: +2-4 % on an AVX2 EPYC (same-JVM A/B).
     */
    private void passMasked(Scan st, byte[] b) {
        final int n = b.length;
        final int[] table = byteTable;
        final long[] gramBits = grams.gramBits();
        final int words = (n + 2 + 63) >>> 6; // a keyword's report comes two positions after its start
        final long[][] masks = st.reused.masks(words);
        final long[] starts = masks[0];
        final long[][] sets = {masks[1], masks[2], masks[3]};
        final long[] others = sets[0];
        final long[] digits = sets[1];
        final long[] base64 = sets[2];
        blockMasks.mark(b, n, starts, sets); // words 0 .. ceil(n / 64) - 1; the one after (if any) is cleared here
        for (int w = (n + 63) >>> 6; w < words; w++) {
            starts[w] = 0;
            others[w] = 0;
            digits[w] = 0;
            base64[w] = 0;
        }
        st.digitBits = digits;
        st.digitWords = words;
        long startCarry = 0;
        long digitCarry = 0;
        for (int w = 0; w < words; w++) {
            long reports = starts[w] << 2 | startCarry;
            startCarry = starts[w] >>> 62;
            // a digit right after a digit does nothing in trigger() (neither a number's start nor after a letter)
            long triggers = others[w] | digits[w] & ~(digits[w] << 1 | digitCarry);
            digitCarry = digits[w] >>> 63;
            while (reports != 0) {
                int s = (w << 6) + Long.numberOfTrailingZeros(reports) - 2;
                reports &= reports - 1;
                int gram = (table[b[s] & 0xFF] & 0xFF) << (2 * KeywordGrams.CLASS_BITS)
                        | (s + 1 < n ? table[b[s + 1] & 0xFF] & 0xFF : 0) << KeywordGrams.CLASS_BITS
                        | (s + 2 < n ? table[b[s + 2] & 0xFF] & 0xFF : 0);
                if (KeywordGrams.gramSet(gramBits, gram)) {
                    grams.report(gram, b, n, s, st.keywordHits);
                }
            }
            while (triggers != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(triggers);
                triggers &= triggers - 1;
                trigger(st, b, i, (table[b[i] & 0xFF] & TRIGGERS) >>> FLAG_SHIFT);
            }
        }
        base64RunStarts(base64, words, st.base64Runs);
    }

    /**
     * The starts of the runs of at least {@link EncodedText#MIN_BASE64} base64-alphabet chars, from their bits: per
     * word, the positions followed by that many ones (a doubling of and-ed shifts over the word and the next one), of
     * which those after a zero start a run.
     */
    private static void base64RunStarts(long[] bits, int words, Positions out) {
        final int k = EncodedText.MIN_BASE64; // 2..64
        for (int w = 0; w < words; w++) {
            long lo = bits[w];
            if (lo == 0) {
                continue;
            }
            long hi = w + 1 < words ? bits[w + 1] : 0;
            int have = 1;
            while (have * 2 <= k) {
                lo &= lo >>> have | hi << (64 - have);
                hi &= hi >>> have;
                have *= 2;
            }
            if (have < k) {
                lo &= lo >>> (k - have) | hi << (64 - (k - have));
            }
            long runStarts = lo & ~(bits[w] << 1 | (w > 0 ? bits[w - 1] >>> 63 : 0));
            while (runStarts != 0) {
                out.add((w << 6) + Long.numberOfTrailingZeros(runStarts));
                runStarts &= runStarts - 1;
            }
        }
    }

    /** A trigger char at {@code i}; ASCII context from the bytes, anything else from the text itself. */
    private void trigger(Scan st, byte[] chars, int i, int f) {
        final String text = st.text;
        final int n = chars.length;
        if ((f & F_DIGIT) != 0) {
            if (i < st.numSkip) {
                return;
            }
            char prev = i > 0 ? text.charAt(i - 1) : ' ';
            if (!Checks.isAsciiAlnum(prev) && prev != '_') {
                // "AB 12 34 56 C": spaced identifiers are written in capitals, so after a space only an ASCII capital
                // calls them (prose's "page 2", "step 3" did, ~4 % of a pages scan)
                if (prev == ' ' && i > 1 && chars[i - 2] >= 'A' && chars[i - 2] <= 'Z') {
                    for (Detector d : lettersDigitsDet) {
                        st.recognized(d, d.recognizer().recognize(text, i, i));
                    }
                }
                if (st.digitBits != null && fewerDigitsThanANumber(st.digitBits, st.digitWords, i)) {
                    // numSkip is left as it is: a digit further on in this number starts a suffix of it, which has
                    // fewer digits still (and no letter two chars before it), so it ends up here too
                    return;
                }
                int end = NumberTokens.numberEnd(text, i);
                st.numSkip = end;
                int start = i;
                if (i > 0 && (prev == '(' || prev == '+')) {
                    start = i - 1;
                    if (prev == '(' && i > 1 && chars[i - 2] == '+') {
                        start = i - 2;
                    }
                }
                char after = end < n ? text.charAt(end) : ' ';
                // every NUMBER detector takes >= NUMBER_DIGITS digits and the IPv4 shape (>= 4 digits, 3 dots); a
                // detector with a lower minDigits (phone numbers of six-digit plans) also takes shorter tokens
                int digits = 0;
                int dots = 0;
                for (int q = i; q < end; q++) {
                    byte ch = chars[q];
                    if (ch >= '0' && ch <= '9') {
                        digits++;
                    } else if (ch == '.') {
                        dots++;
                    }
                }
                Detector[] dets = digits >= TokenRecognizer.NUMBER_DIGITS || (digits >= 4 && dots == 3) ? numberDet
                        : shortNumberDet[digits];
                // "555-0080x935": an extension right after the number does not make it part of a word
                boolean extension = (after == 'x' || after == 'X') && end + 1 < n && Checks.isDigit(text.charAt(end + 1));
                if (dets.length > 0 && end - start <= 64 && (!Character.isLetter(after) || extension) && after != '_'
                        && !NumberTokens.partOfIdentifier(chars, start, end)) {
                    for (Detector d : dets) {
                        st.recognized(d, d.recognizer().recognize(text, start, end));
                    }
                }
            } else if (Character.isLetter(prev)) {
                for (Detector d : lettersDigitsDet) {
                    st.recognized(d, d.recognizer().recognize(text, i, i));
                }
            }
        } else if ((f & F_AT) != 0) {
            for (Detector d : atDet) {
                st.recognized(d, d.recognizer().recognize(text, i, i + 1));
            }
        } else if ((f & F_COLON) != 0) {
            if (i >= st.colonSkip) {
                for (Detector d : colonDet) {
                    TokenRecognizer.Found fd = d.recognizer().recognize(text, i, i + 1);
                    if (fd != null) {
                        st.colonSkip = Math.max(st.colonSkip, fd.end());
                        st.recognized(d, fd);
                    }
                }
            }
        } else if ((f & F_PERCENT) != 0) {
            st.percents.add(i);
        }
    }

    /**
     * Whether fewer than four digits are within the 65 positions from {@code i} (counted from the vector pass's digit
     * bits, over at least that many positions): then no number starting at {@code i} is worth recognizing (every
     * number type has at least four digits, and at most 64 chars).
     */
    private static boolean fewerDigitsThanANumber(long[] digitBits, int words, int i) {
        int w = i >>> 6;
        int count = Long.bitCount(digitBits[w] >>> i); // >>> takes i mod 64
        if (w + 1 < words) {
            count += Long.bitCount(digitBits[w + 1]);
        }
        return count < 4;
    }

    private void onKeyword(Scan st, int kw, int start, int end) {
        int[] dets = keywordDetectors[kw];
        String[] exact = keywordExact[kw];
        String text = st.text;
        for (int j = 0; j < dets.length; j++) {
            if (exact[j] != null && !text.startsWith(exact[j], start)) {
                continue;
            }
            int d = dets[j];
            Detector det = detectors[d];
            if (st.budget.skipped(d)) {
                continue;
            }
            if (det.anchored()) {
                if (st.lastAnchor[d] == start + 1) {
                    continue; // already tried at this position (another keyword of the same detector)
                }
                st.lastAnchor[d] = start + 1;
                if (det.boundaryBefore() && start > 0) {
                    char p = text.charAt(start - 1);
                    if (Checks.isAsciiAlnum(p) || p == '_') {
                        continue;
                    }
                }
                if (det.precheck() != null && !det.precheck().mayMatch(text, start)) {
                    continue;
                }
                int to = Math.min(text.length(), start + det.windowAfter());
                if (det.reach() != null && (to = det.reach().end(text, start, to)) < 0) {
                    continue;
                }
                final int dd = d;
                final int from = start;
                final int until = to;
                if (det.pattern().budgeted()) {
                    st.budgeted(d, dl -> det.pattern().matchAt(text, from, until, det.secretGroup(),
                            (ms, me, ss, se) -> st.confirmed(det, dd, ms, me, ss, se), dl));
                } else {
                    det.pattern().matchAt(text, start, to, det.secretGroup(),
                            (ms, me, ss, se) -> st.confirmed(det, dd, ms, me, ss, se));
                }
                continue;
            }
            int ws = Math.max(0, start - det.windowBefore());
            int we = Math.min(text.length(), end + det.windowAfter());
            if (st.winEnd[d] > 0 && ws <= st.winEnd[d]) {
                if (we > st.winEnd[d]) {
                    st.winEnd[d] = we;
                }
                if (ws < st.winStart[d]) {
                    st.winStart[d] = ws;
                }
            } else {
                if (st.winEnd[d] > 0) {
                    flush(st, d, st.winStart[d], st.winEnd[d]);
                }
                st.winStart[d] = ws;
                st.winEnd[d] = we;
            }
        }
    }

    private void flush(Scan st, int d, int from, int to) {
        Detector det = detectors[d];
        if (det.windowGate() != null && !det.windowGate().mayOccur(st.text, from, to)) {
            return;
        }
        LinearPattern.Sink sink = (ms, me, ss, se) -> st.confirmed(det, d, ms, me, ss, se);
        if (det.pattern().budgeted()) {
            st.budgeted(d, dl -> det.pattern().findAll(st.text, from, to, det.secretGroup(), sink, dl));
        } else {
            det.pattern().findAll(st.text, from, to, det.secretGroup(), sink);
        }
    }

    /**
     * Arrays a scan takes from its thread instead of allocating them (with the gitleaks rules ~8 KiB per page, most
     * of a scan's allocation): one scan at a time per thread, and nothing of them is kept past {@link #scanPlain}.
     */
    private final ThreadLocal<Reused> reuse = ThreadLocal.withInitial(Reused::new);

    /** The masks of texts up to 512 Ki chars are kept per thread (at most 256 KiB). */
    private static final int KEPT_WORDS = 1 << 13;

    private final class Reused {
        final int[] winStart = new int[detectors.length];
        final int[] winEnd = new int[detectors.length];
        final int[] lastAnchor = new int[detectors.length];
        /** The vector pass's keyword marks, then its three sets' bits, for texts up to {@link #KEPT_WORDS} words. */
        long[][] masks = new long[4][0];

        /** The four mask arrays with at least {@code words} words (their contents are overwritten by the pass). */
        long[][] masks(int words) {
            if (words > KEPT_WORDS) {
                return new long[4][words]; // a large text's masks are not kept
            }
            if (masks[0].length < words) {
                masks = new long[4][Math.min(KEPT_WORDS, Math.max(words, masks[0].length * 2))];
            }
            return masks;
        }
    }

    /** Per-scan mutable state. */
    private final class Scan {
        final String text;
        final ScanBudget budget;
        final int[] winStart;
        final int[] winEnd;
        final int[] lastAnchor;
        final Reused reused;
        int numSkip;
        int colonSkip;
        /** The vector pass's digit bits ({@link BlockMasks}), words 0 .. digitWords - 1; null in the scalar pass. */
        long[] digitBits;
        int digitWords;
        /** Where a '%' is, and where a base64-alphabet run of {@link EncodedText#MIN_BASE64} chars starts. */
        final Positions percents = new Positions();
        final Positions base64Runs = new Positions();
        /** Where the fused pass's keyword hits go (one sink per scan). */
        final KeywordGrams.HitSink keywordHits = (kw, start, end) -> onKeyword(this, kw, start, end);
        final List<Raw> raws = new ArrayList<>();

        Scan(String text, ScanBudget budget) {
            this.text = text;
            this.budget = budget;
            this.reused = reuse.get();
            this.winStart = reused.winStart;
            this.winEnd = reused.winEnd;
            this.lastAnchor = reused.lastAnchor;
            // winStart is read only where winEnd is set
            Arrays.fill(winEnd, 0);
            Arrays.fill(lastAnchor, 0);
        }

        /** Runs one attempt of a budgeted rule under its deadline; a rule out of time is skipped from then on. */
        void budgeted(int d, java.util.function.Consumer<ScanBudget.Deadline> attempt) {
            if (budget.skipped(d)) {
                return;
            }
            ScanBudget.Deadline dl = budget.start(d, detectors[d].id(), detectors.length);
            if (dl == null) {
                return;
            }
            boolean out = false;
            try {
                attempt.accept(dl);
            } catch (ScanBudget.OutOfTime e) {
                out = true;
            } finally {
                budget.end(d, detectors[d].id(), dl, out);
            }
        }

        void recognized(Detector d, TokenRecognizer.Found f) {
            if (f == null) {
                return;
            }
            ContextWords.Ctx cx = ContextWords.of(d, text, f.start(), f.end());
            double conf = cx.apply(f.confidence());
            if (conf >= minConfidence) {
                raws.add(new Raw(d, f.start(), f.end(), f.start(), f.end(), conf, f.confidence(), 1.0, Double.NaN, cx));
            }
        }

        void confirmed(Detector det, int d, int ms, int me, int ss, int se) {
            if (se <= ss) {
                return;
            }
            String secret = null;
            double entropy = Double.NaN;
            if (det.minEntropy() > 0) {
                secret = text.substring(ss, se);
                entropy = Checks.shannonEntropy(secret);
                if (entropy <= det.minEntropy()) {
                    return;
                }
            }
            double conf = det.confidence();
            double factor = 1.0;
            if (det.validator() != null) {
                if (secret == null) {
                    secret = text.substring(ss, se);
                }
                double f = det.validator().check(secret);
                if (f <= 0) {
                    return;
                }
                factor = Math.min(1.0, f);
                conf *= factor;
            }
            if (det.allowlist() != null) {
                if (secret == null) {
                    secret = text.substring(ss, se);
                }
                int ls = text.lastIndexOf('\n', ms - 1) + 1;
                int le = text.indexOf('\n', me);
                String line = text.substring(ls, le < 0 ? text.length() : le);
                if (det.allowlist().test(new Detector.Candidate(secret, text.substring(ms, me), line))) {
                    return;
                }
            }
            double base = conf;
            ContextWords.Ctx cx = ContextWords.of(det, text, ms, me);
            conf = cx.apply(conf);
            if (conf >= minConfidence) {
                raws.add(new Raw(det, ms, me, ss, se, conf, base, factor, entropy, cx));
            }
        }
    }

    /** A growing list of text offsets. */
    private static final class Positions {
        private int[] at = new int[16];
        private int size;

        void add(int i) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
            }
            at[size++] = i;
        }

        int[] toArray() {
            return Arrays.copyOf(at, size);
        }
    }

    private List<Match> finish(Scan st) {
        List<Raw> raws = st.raws;
        if (raws.isEmpty()) {
            return List.of();
        }
        List<Raw> result = Overlaps.resolve(raws);
        result.sort(Comparator.comparingInt(Raw::start).thenComparingInt(Raw::end));
        List<Match> matches = new ArrayList<>(result.size());
        String text = st.text;
        // every detected span (any group, any overlap) is masked in the snippets of the others
        List<Evidence.Span> spans = new ArrayList<>(st.raws.size());
        for (Raw r : st.raws) {
            spans.add(new Evidence.Span(r.start(), r.end(), r.det().type()));
        }
        Evidence.Spans others = new Evidence.Spans(spans);
        int line = 1;
        int pos = 0;
        for (Raw r : result) {
            int nl;
            while ((nl = text.indexOf('\n', pos)) >= 0 && nl < r.start()) {
                line++;
                pos = nl + 1;
            }
            Detector d = r.det();
            String secret = text.substring(r.secretStart(), r.secretEnd());
            // tenant rules: the whole match is masked (its groups are the tenant's guess at the sensitive part)
            boolean whole = d.category() == Category.CUSTOM;
            int ms = whole ? r.start() : r.secretStart();
            int me = whole ? r.end() : r.secretEnd();
            Evidence ev = new Evidence(Evidence.snippet(text, r.start(), r.end(), ms, me,
                    Evidence.mask(text.substring(ms, me), d.category(), d.type()), others),
                    fingerprint(secret), legacySalt == null ? null : Evidence.hash(secret, legacySalt),
                    explain(text, r, secret));
            matches.add(new Match(d.id(), d.type(), d.category(), d.severity(),
                    Math.round(r.conf() * 1000) / 1000.0, r.start(), r.end(), line, ev));
        }
        return matches;
    }

    /** Why {@code r} fired; nothing of the value but its entropy. */
    private static Explanation explain(String text, Raw r, String secret) {
        Detector d = r.det();
        String trigger = switch (d.trigger()) {
            case KEYWORD -> "keyword";
            case FULL_TEXT -> "full-text";
            case CHAR_CLASS -> "char-class";
        };
        String keyword = null;
        if (d.category() == Category.SECRET && d.trigger() == Trigger.KEYWORD) {
            String match = text.substring(r.start(), r.end()).toLowerCase(Locale.ROOT);
            int best = Integer.MAX_VALUE;
            for (String k : d.keywords()) {
                int at = match.indexOf(k.toLowerCase(Locale.ROOT));
                if (at >= 0 && at < best) {
                    best = at;
                    keyword = k;
                }
            }
        }
        String check = d.check();
        String result = check.equals("none") ? "none" : r.factor() < 1.0 ? "lowered" : "ok";
        Double entropy = null;
        if (d.category() != Category.PII) {
            double e = Double.isNaN(r.entropy()) ? Checks.shannonEntropy(secret) : r.entropy();
            entropy = Math.round(e * 100) / 100.0;
        }
        return new Explanation(d.id(), trigger, keyword, check, result, entropy,
                d.minEntropy() > 0 ? d.minEntropy() : null, r.ctx().raised(), r.ctx().lowered(),
                Math.round(r.base() * 1000) / 1000.0, null);
    }

    private final ThreadLocal<javax.crypto.Mac> mac;

    private static javax.crypto.Mac newMac(byte[] key) {
        try {
            javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
            m.init(new javax.crypto.spec.SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return m;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same as {@link Evidence#hmac(CharSequence, byte[])} with this engine's key, without a Mac per call. */
    private String fingerprint(String secret) {
        return java.util.HexFormat.of().formatHex(mac.get().doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Builder; detectors with the same id replace earlier ones. */
    public static final class Builder {
        private final Map<String, Detector> detectors = new LinkedHashMap<>();
        private final Set<String> disabled = new HashSet<>();
        private final Set<String> enabled = new HashSet<>();
        private byte[] fingerprintKey = new byte[0];
        private byte[] legacySalt;
        private double minConfidence = 0.3;
        private Duration perRule;
        private Duration perText;
        private int maxDecodedChars = DEFAULT_MAX_DECODED_CHARS;
        private String vectorMode = BlockMasks.defaultMode();

        /**
         * Whether the fused pass runs on the Vector API: {@code auto} (default: the system property
         * {@value BlockMasks#PROPERTY}, else where it is fast, see {@link BlockMasks}), {@code on} (wherever the module
         * is present; tests compare both passes with it), {@code wide} or {@code nibble} (that implementation) or
         * {@code off}. Results are the same either way.
         */
        public Builder vector(String mode) {
            if (!BlockMasks.MODES.contains(mode)) {
                throw new IllegalArgumentException("vector mode: one of " + BlockMasks.MODES);
            }
            this.vectorMode = mode;
            return this;
        }

        /**
         * Also scan base64 blocks and URL-encoded values of each text decoded ({@link EncodedText}), matches mapped
         * back to the encoded span ({@link Explanation#decoded()}), at most {@code maxChars} decoded chars per text
         * (default {@value #DEFAULT_MAX_DECODED_CHARS}); 0 switches decoding off.
         */
        public Builder decode(int maxChars) {
            maxDecodedChars = Math.max(0, maxChars);
            return this;
        }

        public Builder add(Detector d) {
            detectors.put(d.id(), d);
            return this;
        }

        public Builder addAll(Collection<Detector> ds) {
            ds.forEach(this::add);
            return this;
        }

        /** Switches detectors off by id (e.g. a tenant's disabled built-ins). Applied at build time. */
        public Builder disable(Collection<String> ids) {
            disabled.addAll(ids);
            return this;
        }

        /**
         * Switches on detectors that are off by default ({@link Detector#enabledByDefault()}: test-mode keys,
         * private-range IP addresses, role mailboxes), by id. {@link #disable} wins over this.
         */
        public Builder enable(Collection<String> ids) {
            enabled.addAll(ids);
            return this;
        }

        /** Key of the evidence fingerprints (HMAC-SHA256); keep it secret, one per tenant. */
        public Builder fingerprintKey(byte[] key) {
            fingerprintKey = key.clone();
            return this;
        }

        /** Same as {@link #fingerprintKey(byte[])} (the former name, when fingerprints were salted hashes). */
        public Builder salt(byte[] s) {
            return fingerprintKey(s);
        }

        /**
         * Also compute {@link Evidence#legacyFingerprint()} (SHA-256 with this salt), so findings stored under the
         * former scheme can be re-keyed. Off by default.
         */
        public Builder legacySalt(byte[] s) {
            legacySalt = s == null ? null : s.clone();
            return this;
        }

        /**
         * Default time budget of each text scanned with {@link #scan(CharSequence)} (see {@link ScanBudget}):
         * per tenant/imported rule and for all of them together. Unlimited when not set.
         */
        public Builder budget(Duration perRule, Duration perText) {
            this.perRule = perRule;
            this.perText = perText;
            return this;
        }

        /** Matches below this confidence are not reported (default 0.3). */
        public Builder minConfidence(double c) {
            minConfidence = c;
            return this;
        }

        public ScanEngine build() {
            disabled.forEach(detectors::remove);
            detectors.values().removeIf(d -> !d.enabledByDefault() && !enabled.contains(d.id()));
            return new ScanEngine(this);
        }
    }

    @Override
    public String toString() {
        return "ScanEngine[" + detectors.length + " detectors, " + keywordDetectors.length + " keywords, "
                + fullText.length + " full-text, " + Arrays.stream(detectors).filter(d -> d.trigger() == Trigger.CHAR_CLASS).count()
                + " char-class]";
    }
}
