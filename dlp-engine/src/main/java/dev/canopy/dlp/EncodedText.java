package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds encoded text Confluence pages carry — base64 blocks (standard or URL-safe alphabet, with or without padding,
 * wrapped at 60+ chars per line as {@code base64} and PEM tools write them), URL-encoded values ({@code %XX}
 * escapes) and text nodes whose quotes the storage format wrote as entities ({@code &quot;api_key&quot;: …}) — and
 * decodes them into one text to scan, with each decoded char mapped back to the original chars it
 * came from. Bounded: a base64 run is tried only from {@value #MIN_BASE64} chars with a digit, {@code +/-_} or padding
 * in it and not only hex digits and dashes (UUIDs, hashes); a block is kept only when its decoded bytes are printable
 * UTF-8 text; at most {@code maxChars} decoded chars per text (later blocks are skipped), and decoded text is not
 * decoded again (depth 1).
 */
public final class EncodedText {
    /** Shortest base64 run tried (18 bytes decoded). */
    public static final int MIN_BASE64 = 24;
    /** Shortest line after which a base64 run may continue on the next line (wrapped output). */
    static final int WRAP = 60;

    /** The decoded text of all blocks ("\n\n" between blocks), and per decoded char its original span and block. */
    public record Decoded(String text, int[] from, int[] to, int[] block, List<String> kinds) {
        public boolean isEmpty() {
            return text.isEmpty();
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final List<Integer> from = new ArrayList<>();
    private final List<Integer> to = new ArrayList<>();
    private final List<Integer> blockOf = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final int maxChars;

    private EncodedText(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Decodes the encoded blocks of {@code text}, at most {@code maxChars} decoded chars in all. */
    public static Decoded decode(String text, int maxChars) {
        return decode(text, Latin1.of(text), maxChars, null, null);
    }

    /**
     * Same, for {@code text} and its Latin-1 bytes, with the positions of every '%' and the start of every
     * base64-alphabet run of {@link #MIN_BASE64} chars already known (the engine collects them in its pass; null:
     * found here).
     */
    static Decoded decode(String text, byte[] bytes, int maxChars, int[] percents, int[] base64Runs) {
        EncodedText e = new EncodedText(maxChars);
        e.run(bytes, percents, base64Runs == null ? base64Runs(bytes) : base64Runs);
        e.entities(text, bytes);
        int n = e.out.length();
        int[] f = new int[n];
        int[] t = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = e.from.get(i);
            t[i] = e.to.get(i);
            b[i] = e.blockOf.get(i);
        }
        return new Decoded(e.out.toString(), f, t, b, List.copyOf(e.kinds));
    }

    private void run(byte[] text, int[] percents, int[] base64Runs) {
        int n = text.length;
        // URL encoding: only around '%'
        int last = 0;
        int[] at = percents;
        if (at == null) {
            at = java.util.stream.IntStream.range(0, n).filter(i -> text[i] == '%').toArray();
        }
        for (int i : at) {
            if (out.length() >= maxChars) {
                break;
            }
            if (i < last || i + 2 >= n || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) {
                continue;
            }
            int s = i;
            while (s > last && urlChar(text[s - 1])) {
                s--;
            }
            int e = i;
            while (e < n && urlChar(text[e])) {
                e++;
            }
            percent(text, s, e);
            last = e;
        }
        // base64: each run long enough, from its start (a wrapped block's later lines are inside the block tried)
        int end = 0;
        for (int s : base64Runs) {
            if (out.length() >= maxChars) {
                break;
            }
            if (s >= end) {
                end = Math.max(base64(text, s), s + 1);
            }
        }
    }

    /** Start of every run of at least {@link #MIN_BASE64} base64-alphabet chars. */
    private static int[] base64Runs(byte[] text) {
        java.util.stream.IntStream.Builder starts = java.util.stream.IntStream.builder();
        int run = 0;
        for (int i = 0; i < text.length; i++) {
            run = b64(text[i]) ? run + 1 : 0;
            if (run == MIN_BASE64) {
                starts.add(i + 1 - MIN_BASE64);
            }
        }
        return starts.build().toArray();
    }

    // ---- URL encoding

    private static boolean urlChar(int c) {
        return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`';
    }

    private void percent(byte[] text, int s, int e) {
        byte[] bytes = new byte[e - s];
        int[] origin = new int[e - s + 1];
        int k = 0;
        for (int i = s; i < e; ) {
            int c = text[i];
            origin[k] = i;
            if (c == '%' && i + 2 < e && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
                bytes[k++] = (byte) (hex(text[i + 1]) * 16 + hex(text[i + 2]));
                i += 3;
            } else {
                bytes[k++] = (byte) c;
                i++;
            }
        }
        origin[k] = e;
        emit(bytes, k, origin, "url");
    }

    // ---- HTML entities

    /** How far a text node is read on each side of the entity that calls it. */
    private static final int NODE_MAX = 1024;

    /**
     * Whether the entity at {@code i} (a quote's, if it is one: {@link #entity}) quotes a value or a key: an '='
     * or ':' right before it, or one blank between ({@code =&quot;…}, {@code : &quot;…}), or right after it
     * ({@code &quot;api_key&quot;:}). Quotes in prose ("she said &quot;rotate the keys&quot;") call no decoding:
     * every such node would be scanned twice. Prose has an '&' in every quote, {@code &amp;} and {@code &nbsp;}:
     * a few byte tests, before anything else.
     */
    private static boolean assigns(byte[] text, int i, int n) {
        byte b1 = i > 0 ? text[i - 1] : 0;
        if (b1 == '=' || b1 == ':' || (b1 == ' ' && i > 1 && (text[i - 2] == '=' || text[i - 2] == ':'))) {
            return true;
        }
        // after the entity: &quot; &apos; &#x22; &#x27; are six chars, &#34; &#39; five
        int e = i + (i + 2 < n && text[i + 1] == '#' && text[i + 2] != 'x' ? 5 : 6);
        byte a1 = e < n ? text[e] : 0;
        return a1 == '=' || a1 == ':' || (a1 == ' ' && e + 1 < n && (text[e + 1] == '=' || text[e + 1] == ':'));
    }

    private static final String[] NAMED = {"&quot;", "&apos;", "&amp;", "&lt;", "&gt;", "&nbsp;"};
    private static final char[] NAMED_CHAR = {'"', '\'', '&', '<', '>', ' '};

    /**
     * The text nodes with a quote entity that quotes a key or value ({@link #assigns}), decoded. The '&'s are found by
     * {@link String#indexOf(int, int)} (vectorized by the JIT) rather than by the engine's pass: as a trigger of the
     * pass each '&' cost a visit, and prose quotes ({@code &quot;Save&quot;}) made the scan ~7 % slower.
     */
    private void entities(String s, byte[] text) {
        int lastNode = 0;
        int n = text.length;
        for (int i = s.indexOf('&'); i >= 0 && out.length() < maxChars; i = s.indexOf('&', i + 1)) {
            // only quotes call a decoding: values and key names are quoted; an &amp; or &nbsp; alone changes
            // nothing a detector reads
            int q = i >= lastNode && assigns(text, i, n) ? entity(text, i, n) : 0;
            if ((q & 0xFF) == '"' || (q & 0xFF) == '\'') {
                lastNode = node(text, i, lastNode);
            }
        }
    }

    /**
     * Decodes the text node around the quote entity at {@code i} (from the '>' or line break before it to the '<' or
     * line break after it, at most {@link #NODE_MAX} chars each way, not before {@code from}): the named entities of
     * {@link #NAMED} and numeric ones below 128, each decoded char mapped to its entity. Returns the node's end.
     */
    private int node(byte[] text, int i, int from) {
        int n = text.length;
        int s = i;
        while (s > from && i - s < NODE_MAX && text[s - 1] != '>' && text[s - 1] != '\n') {
            s--;
        }
        int e = i;
        while (e < n && e - i < NODE_MAX && text[e] != '<' && text[e] != '\n') {
            e++;
        }
        byte[] bytes = new byte[e - s];
        int[] origin = new int[e - s + 1];
        int k = 0;
        for (int p = s; p < e; ) {
            origin[k] = p;
            int q = text[p] == '&' ? entity(text, p, e) : 0;
            if (q != 0) {
                bytes[k++] = (byte) q;
                p += q >>> 8;
            } else {
                bytes[k++] = text[p++];
            }
        }
        origin[k] = e;
        emit(bytes, k, origin, "html");
        return e;
    }

    /**
     * The entity at {@code p} (before {@code e}) — one of {@link #NAMED} or a numeric one below 128 — as its length
     * {@code << 8 |} the char it stands for, or 0.
     */
    private static int entity(byte[] text, int p, int e) {
        for (int k = 0; k < NAMED.length; k++) {
            if (p + NAMED[k].length() <= e && startsWith(text, p, NAMED[k])) {
                return NAMED[k].length() << 8 | NAMED_CHAR[k];
            }
        }
        if (p + 3 < e && text[p + 1] == '#') {
            boolean hex = text[p + 2] == 'x' || text[p + 2] == 'X';
            int q = p + (hex ? 3 : 2);
            int v = 0;
            int digits = 0;
            while (q < e && digits < 4 && (hex ? hex(text[q]) >= 0 : text[q] >= '0' && text[q] <= '9')) {
                v = v * (hex ? 16 : 10) + (hex ? hex(text[q]) : text[q] - '0');
                q++;
                digits++;
            }
            if (digits > 0 && q < e && text[q] == ';' && v >= 32 && v < 127) {
                return (q + 1 - p) << 8 | v;
            }
        }
        return 0;
    }

    private static boolean startsWith(byte[] text, int p, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (text[p + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---- base64

    private static final boolean[] B64 = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            B64[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '-' || c == '_';
        }
    }

    // per Latin-1 char, for the walk over a run (one look-up per char instead of ~ten comparisons; the walk was
    // ~10 % of a pages scan, mostly link paths such as "com/spaces/ENG/pages/157224" that are not text when decoded):
    // 0 outside both base64 alphabets, else its 6-bit value and what kind of char it is
    private static final int VALUE = 63;
    private static final int IN_ALPHABET = 1 << 6;
    /** A digit or one of {@code +/-_}: ordinary words are not tried. */
    private static final int SIGNAL = 1 << 7;
    /** {@code +} or {@code /}: the standard alphabet. */
    private static final int STD = 1 << 8;
    /** {@code -} or {@code _}: the URL-safe alphabet. */
    private static final int URL = 1 << 9;
    private static final int HEX_OR_DASH = 1 << 10;
    private static final int[] CHAR = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            if (B64[c]) {
                CHAR[c] = val(c) | IN_ALPHABET
                        | ((c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_' ? SIGNAL : 0)
                        | (c == '+' || c == '/' ? STD : 0) | (c == '-' || c == '_' ? URL : 0)
                        | (c == '-' || hex(c) >= 0 ? HEX_OR_DASH : 0);
            }
        }
    }

    /** Whether the Latin-1 char {@code c} (0..255) is in a base64 alphabet (standard or URL-safe). */
    static boolean isBase64Char(int c) {
        return c < 128 && B64[c];
    }

    private static boolean b64(int c) {
        return c >= 0 && B64[c]; // a byte of 128..255 is negative
    }

    /** Tries the base64 run starting at {@code s}; returns where scanning goes on. */
    private int base64(byte[] text, int s) {
        // first pass without allocating: most runs are ordinary words
        int[] p = run(text, s, null);
        if (p == null) {
            return skip;
        }
        int len = p.length;
        int i = skip;
        int bytesLen = len * 6 / 8;
        byte[] bytes = new byte[bytesLen];
        int acc = 0;
        int bits = 0;
        int k = 0;
        for (int q = 0; q < len; q++) {
            acc = (acc << 6) | val(text[p[q]]);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (k < bytesLen) {
                    bytes[k++] = (byte) (acc >> bits);
                }
                acc &= (1 << bits) - 1;
            }
        }
        // byte b comes from the base64 chars holding its bits: chars [8b/6, ceil(8(b+1)/6))
        int[] origin = new int[k + 1];
        int[] originEnd = new int[k];
        for (int b = 0; b < k; b++) {
            origin[b] = p[(8 * b) / 6];
            originEnd[b] = p[Math.min(len - 1, (8 * (b + 1) + 5) / 6 - 1)] + 1;
        }
        origin[k] = p[len - 1] + 1;
        emit(bytes, k, origin, originEnd, "base64");
        return i;
    }

    private int skip;

    /**
     * Walks the base64 run at {@code s} (across wrapped lines); answers the positions of its chars (in {@code p} when
     * given, else a fresh array from a second walk), or null when it is not worth decoding. Sets {@link #skip} to the
     * end of the run.
     */
    private int[] run(byte[] text, int s, int[] p) {
        int n = text.length;
        int len = 0;
        int i = s;
        int lineStart = s;
        boolean signal = false;
        int any = 0; // the or of the run's chars' CHAR entries: which kinds of char it has
        int all = HEX_OR_DASH; // their and: whether it has only hex digits and dashes
        int v0 = 0;
        int v1 = 0;
        int v2 = 0;
        int bad = 0;
        int bytes = 0;
        int pad;
        while (true) {
            int e;
            if (p == null) {
                // the first walk four chars (three bytes) at a time: most runs are tokens and identifiers that are
                // read to their end only to be rejected (2,200 runs and 60,000 chars per MiB of pages); the same
                // counts as the char-by-char loop below, which reads the rest
                while ((len & 3) == 0 && i + 4 <= n) {
                    int e0 = CHAR[text[i] & 0xFF];
                    int e1 = CHAR[text[i + 1] & 0xFF];
                    int e2 = CHAR[text[i + 2] & 0xFF];
                    int e3 = CHAR[text[i + 3] & 0xFF];
                    if (e0 == 0 || e1 == 0 || e2 == 0 || e3 == 0) {
                        break;
                    }
                    any |= e0 | e1 | e2 | e3;
                    all &= e0 & e1 & e2 & e3;
                    int q0 = e0 & VALUE;
                    int q1 = e1 & VALUE;
                    int q2 = e2 & VALUE;
                    int q3 = e3 & VALUE;
                    bad += ((q0 >> 3) == 0 || q0 >= 32 ? 1 : 0)
                            + ((q1 & 0xf) >> 1 == 0 || (q1 & 0x8) != 0 ? 1 : 0)
                            + ((((q2 & 3) << 1) | (q3 >> 5)) == 0 || (q2 & 2) != 0 ? 1 : 0);
                    bytes += 3;
                    len += 4;
                    i += 4;
                }
            }
            while (i < n && (e = CHAR[text[i] & 0xFF]) != 0) {
                any |= e;
                all &= e;
                if (p != null) {
                    p[len] = i;
                } else {
                    // can the decoded bytes be text? The top 3 bits of each byte are known from one or two chars of
                    // its quad: at most 1 in 8 bytes may be a control char (000xxxxx: text has only tab and line
                    // breaks) or have the top bit set (1xxxxxxx: UTF-8 in Latin scripts has few). Rejects binary
                    // data and runs that only look like base64 (paths, words) before anything is allocated
                    int v = e & VALUE;
                    switch (len & 3) {
                        case 0 -> v0 = v;
                        case 1 -> {
                            bad += (v0 >> 3) == 0 || v0 >= 32 ? 1 : 0;
                            bytes++;
                            v1 = v;
                        }
                        case 2 -> {
                            bad += (v1 & 0xf) >> 1 == 0 || (v1 & 0x8) != 0 ? 1 : 0;
                            bytes++;
                            v2 = v;
                        }
                        default -> {
                            bad += (((v2 & 3) << 1) | (v >> 5)) == 0 || (v2 & 2) != 0 ? 1 : 0;
                            bytes++;
                        }
                    }
                }
                len++;
                i++;
            }
            pad = 0;
            while (i < n && text[i] == '=' && pad < 2) {
                i++;
                pad++;
            }
            // wrapped output: a full line, a line break, optional indent, more base64
            if (pad == 0 && i - lineStart >= WRAP && i < n && (text[i] == '\n' || text[i] == '\r')) {
                int j = i;
                if (text[j] == '\r' && j + 1 < n && text[j + 1] == '\n') {
                    j++;
                }
                j++;
                while (j < n && (text[j] == ' ' || text[j] == '\t')) {
                    j++;
                }
                if (j < n && b64(text[j])) {
                    i = j;
                    lineStart = j;
                    continue;
                }
            }
            if (pad > 0) {
                signal = true;
            }
            break;
        }
        skip = i;
        signal |= (any & SIGNAL) != 0;
        boolean std = (any & STD) != 0;
        boolean url = (any & URL) != 0;
        boolean hexOnly = (all & HEX_OR_DASH) != 0;
        // hexOnly: UUIDs, hashes, digests (base64 of text is never hex digits and dashes alone over 24+ chars)
        if (len < MIN_BASE64 || !signal || hexOnly || (std && url) || len % 4 == 1
                || (pad > 0 && (len + pad) % 4 != 0)) {
            return null;
        }
        if (p == null) {
            // not text (binary data, or a path or identifier that only looks like base64): no second walk
            return bad * 8 > bytes ? null : run(text, s, new int[len]);
        }
        return p;
    }

    private static int val(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' || c == '-' ? 62 : 63;
    }

    private static int hex(int c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private void emit(byte[] bytes, int k, int[] origin, String kind) {
        int[] end = new int[k];
        for (int b = 0; b < k; b++) {
            end[b] = origin[b + 1];
        }
        emit(bytes, k, origin, end, kind);
    }

    /**
     * Appends the block when its bytes are printable UTF-8 text (≥ 95 % printable, tabs and line breaks allowed),
     * each char mapped to the original span of its bytes.
     */
    private void emit(byte[] bytes, int k, int[] origin, int[] originEnd, String kind) {
        if (k == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder(k);
        List<int[]> spans = new ArrayList<>(k);
        int bad = 0;
        for (int b = 0; b < k; ) {
            int x = bytes[b] & 0xff;
            int cp;
            int size;
            if (x < 0x80) {
                cp = x;
                size = 1;
            } else if (x >= 0xc2 && x < 0xe0 && b + 1 < k && cont(bytes[b + 1])) {
                cp = ((x & 0x1f) << 6) | (bytes[b + 1] & 0x3f);
                size = 2;
            } else if (x >= 0xe0 && x < 0xf0 && b + 2 < k && cont(bytes[b + 1]) && cont(bytes[b + 2])) {
                cp = ((x & 0x0f) << 12) | ((bytes[b + 1] & 0x3f) << 6) | (bytes[b + 2] & 0x3f);
                size = 3;
            } else {
                return; // not UTF-8 text (binary data, or not base64 at all)
            }
            if (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' || cp == 0x7f) {
                bad++;
            }
            sb.append((char) cp);
            spans.add(new int[] {origin[b], originEnd[b + size - 1]});
            b += size;
        }
        if (bad * 20 > sb.length()) {
            return;
        }
        if (out.length() + sb.length() > maxChars) {
            return;
        }
        int id = kinds.size();
        kinds.add(kind);
        if (out.length() > 0) {
            out.append("\n\n");
            for (int q = 0; q < 2; q++) {
                from.add(-1);
                to.add(-1);
                blockOf.add(-1);
            }
        }
        out.append(sb);
        for (int[] s : spans) {
            from.add(s[0]);
            to.add(s[1]);
            blockOf.add(id);
        }
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
