package dev.canopy.dlp;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs an RE2J pattern's own compiled program with a bounded backtracker, as RE2 itself does for small inputs
 * ("bit-state"): a depth-first search in the program's priority order that marks every (instruction, position) pair
 * it has tried, so each pair is tried at most once. The first match the search reaches is the leftmost-first match
 * with the same submatches RE2J's NFA reports (the search order is the NFA's thread priority, and a pair that failed
 * once fails again whatever the captures), in time linear in program size × text length, like the NFA — but without
 * the NFA's per-char bookkeeping for every live thread and without RE2J's second run to find the groups: on gitleaks'
 * generic-api-key candidates ~1 µs instead of ~16 µs.
 *
 * <p>The program is read from RE2J's package-private fields once, when a pattern is compiled; where that is not
 * possible (another RE2J version), {@link #of} answers null and the pattern runs on RE2J as before. Inputs whose
 * mark table would exceed {@link #MAX_BITS} also run on RE2J.
 */
final class BitState {
    /** Largest (instructions × (text length + 1)) table of marks, in bits (512 KiB per thread). */
    static final int MAX_BITS = 1 << 22;

    // RE2J's instruction codes (com.google.re2j.Inst) and empty-width flags (com.google.re2j.Utils)
    private static final int ALT = 1;
    private static final int ALT_MATCH = 2;
    private static final int CAPTURE = 3;
    private static final int EMPTY_WIDTH = 4;
    private static final int FAIL = 5;
    private static final int MATCH = 6;
    private static final int NOP = 7;
    private static final int RUNE = 8;
    private static final int RUNE1 = 9;
    private static final int RUNE_ANY = 10;
    private static final int RUNE_ANY_NOT_NL = 11;
    private static final int EMPTY_BEGIN_LINE = 1;
    private static final int EMPTY_END_LINE = 2;
    private static final int EMPTY_BEGIN_TEXT = 4;
    private static final int EMPTY_END_TEXT = 8;
    private static final int EMPTY_WORD_BOUNDARY = 16;
    private static final int EMPTY_NO_WORD_BOUNDARY = 32;

    private static final Internals INTERNALS = Internals.load();

    private final int[] op;
    private final int[] out;
    private final int[] arg;
    /** RUNE: sorted [lo, hi] pairs (inclusive), or the single rune and its case-fold orbit; RUNE1: the rune. */
    private final int[][] runes;
    private final boolean[] single;
    /** RUNE, RUNE1: which ASCII chars the instruction matches (bits 0-63, 64-127). */
    private final long[] asciiLo;
    private final long[] asciiHi;
    private final int start;
    private final int groups;

    private BitState(int[] op, int[] out, int[] arg, int[][] runes, boolean[] single, int start, int groups) {
        this.op = op;
        this.out = out;
        this.arg = arg;
        this.runes = runes;
        this.single = single;
        this.start = start;
        this.groups = groups;
        this.asciiLo = new long[op.length];
        this.asciiHi = new long[op.length];
        for (int pc = 0; pc < op.length; pc++) {
            if (op[pc] == RUNE || op[pc] == RUNE1) {
                for (int c = 0; c < 128; c++) {
                    if (matchSlow(pc, c)) {
                        if (c < 64) {
                            asciiLo[pc] |= 1L << c;
                        } else {
                            asciiHi[pc] |= 1L << (c - 64);
                        }
                    }
                }
            }
        }
    }

    /** The backtracker for {@code pattern}'s program, or null when RE2J's internals can't be read. */
    static BitState of(com.google.re2j.Pattern pattern) {
        return INTERNALS == null ? null : INTERNALS.read(pattern);
    }

    /** Number of capturing groups. */
    int groups() {
        return groups;
    }

    /** Whether a text of {@code length} chars fits the mark table ({@link #MAX_BITS}); else RE2J runs it. */
    boolean fits(int length) {
        return (long) op.length * (length + 1) <= MAX_BITS;
    }

    /**
     * The leftmost-first match in {@code text[from, to)} seen as a text of its own (as RE2J sees a slice: nothing
     * before {@code from} or from {@code to} on), starting at {@code from} when {@code anchored}, else at the first
     * position from {@code searchFrom} where one starts. Answers the submatch positions (absolute; pairs per group,
     * group 0 first, -1 for a group that did not take part) or null without a match. Only for slices that
     * {@link #fits}.
     */
    int[] match(String text, int from, int to, int searchFrom, boolean anchored, ScanBudget.Deadline deadline) {
        long bits = (long) op.length * (to - from + 1);
        Scratch s = SCRATCH.get();
        s.prepare((int) ((bits + 63) >>> 6), 2 * (groups + 1));
        try {
            int p = searchFrom;
            while (true) {
                if (search(s, text, from, to, p, deadline)) {
                    return Arrays.copyOf(s.cap, s.cap.length);
                }
                if (anchored || p >= to) {
                    return null;
                }
                // RE2J's NFA steps by code point: a match never starts inside a surrogate pair
                p += Character.charCount(codePointAt(text, p, to));
            }
        } finally {
            s.clearMarks();
        }
    }

    /** One depth-first search from (start, p); true with {@code s.cap} set when it reaches MATCH. */
    private boolean search(Scratch s, String text, int from, int to, int p, ScanBudget.Deadline deadline) {
        int width = to - from + 1;
        int[] cap = s.cap;
        Arrays.fill(cap, -1);
        cap[0] = p;
        s.top = 0;
        s.push(start, p);
        while (s.top > 0) {
            s.top -= 2;
            int pc = s.stack[s.top];
            int pos = s.stack[s.top + 1];
            if (pc < 0) {
                cap[-pc - 1] = pos; // undo a capture on the way back
                continue;
            }
            while (true) {
                if (deadline != null) {
                    deadline.tick();
                }
                int bit = pc * width + (pos - from);
                if (s.marked(bit)) {
                    break;
                }
                s.mark(bit);
                int o = op[pc];
                if (o == RUNE || o == RUNE1) {
                    if (pos >= to) {
                        break;
                    }
                    char ch = text.charAt(pos);
                    if (ch < 128) {
                        if (((ch < 64 ? asciiLo[pc] >>> ch : asciiHi[pc] >>> (ch - 64)) & 1L) == 0) {
                            break;
                        }
                        pos++;
                    } else {
                        int r = codePointAt(text, pos, to);
                        if (!matchSlow(pc, r)) {
                            break;
                        }
                        pos += Character.charCount(r);
                    }
                    pc = out[pc];
                } else if (o == ALT || o == ALT_MATCH) {
                    s.push(arg[pc], pos); // lower priority: tried after everything from out[pc]
                    pc = out[pc];
                } else if (o == CAPTURE) {
                    int k = arg[pc];
                    if (k < cap.length) {
                        s.push(-k - 1, cap[k]);
                        cap[k] = pos;
                    }
                    pc = out[pc];
                } else if (o == EMPTY_WIDTH) {
                    if ((arg[pc] & ~context(text, from, to, pos)) != 0) {
                        break;
                    }
                    pc = out[pc];
                } else if (o == NOP) {
                    pc = out[pc];
                } else if (o == MATCH) {
                    cap[1] = pos;
                    return true;
                } else if (o == RUNE_ANY || o == RUNE_ANY_NOT_NL) {
                    if (pos >= to) {
                        break;
                    }
                    int r = codePointAt(text, pos, to);
                    if (o == RUNE_ANY_NOT_NL && r == '\n') {
                        break;
                    }
                    pos += Character.charCount(r);
                    pc = out[pc];
                } else { // FAIL
                    break;
                }
            }
        }
        return false;
    }

    /** RE2J's {@code Inst.matchRune}: a class of ranges, or one rune with its case-fold orbit. */
    private boolean matchSlow(int pc, int r) {
        int[] rs = runes[pc];
        if (single[pc]) {
            for (int x : rs) {
                if (x == r) {
                    return true;
                }
            }
            return false;
        }
        int lo = 0;
        int hi = rs.length / 2;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (r < rs[2 * m]) {
                hi = m;
            } else if (r > rs[2 * m + 1]) {
                lo = m + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The code point at {@code pos} as RE2J's UTF-16 input reads it (a pair only when both halves are in the slice). */
    private static int codePointAt(String text, int pos, int to) {
        char c = text.charAt(pos);
        if (Character.isHighSurrogate(c) && pos + 1 < to && Character.isLowSurrogate(text.charAt(pos + 1))) {
            return Character.toCodePoint(c, text.charAt(pos + 1));
        }
        return c;
    }

    private static int codePointBefore(String text, int pos, int from) {
        char c = text.charAt(pos - 1);
        if (Character.isLowSurrogate(c) && pos - 2 >= from && Character.isHighSurrogate(text.charAt(pos - 2))) {
            return Character.toCodePoint(text.charAt(pos - 2), c);
        }
        return c;
    }

    /** RE2J's {@code Utils.emptyOpContext} between the runes before and at {@code pos}. */
    private static int context(String text, int from, int to, int pos) {
        int r1 = pos > from ? codePointBefore(text, pos, from) : -1;
        int r2 = pos < to ? codePointAt(text, pos, to) : -1;
        int flags = 0;
        if (r1 < 0) {
            flags |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
        }
        if (r1 == '\n') {
            flags |= EMPTY_BEGIN_LINE;
        }
        if (r2 < 0) {
            flags |= EMPTY_END_TEXT | EMPTY_END_LINE;
        }
        if (r2 == '\n') {
            flags |= EMPTY_END_LINE;
        }
        return flags | (isWordRune(r1) != isWordRune(r2) ? EMPTY_WORD_BOUNDARY : EMPTY_NO_WORD_BOUNDARY);
    }

    private static boolean isWordRune(int r) {
        return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_';
    }

    /** Per-thread work space: the mark table (cleared word by word after each use), the job stack, captures. */
    private static final class Scratch {
        long[] marks = new long[1024];
        int[] touched = new int[256];
        int touchedCount;
        int[] stack = new int[256];
        int top;
        int[] cap = new int[2];

        void prepare(int words, int caps) {
            if (marks.length < words) {
                marks = new long[Math.max(words, marks.length * 2)];
            }
            if (cap.length != caps) {
                cap = new int[caps];
            }
        }

        boolean marked(int bit) {
            return (marks[bit >>> 6] & (1L << bit)) != 0;
        }

        void mark(int bit) {
            int w = bit >>> 6;
            if (marks[w] == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touchedCount * 2);
                }
                touched[touchedCount++] = w;
            }
            marks[w] |= 1L << bit;
        }

        void clearMarks() {
            for (int i = 0; i < touchedCount; i++) {
                marks[touched[i]] = 0;
            }
            touchedCount = 0;
        }

        void push(int pc, int pos) {
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            stack[top] = pc;
            stack[top + 1] = pos;
            top += 2;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Reflective access to RE2J 1.8's compiled program (package-private: com.google.re2j.Prog, Inst). */
    private static final class Internals {
        private final Field patternRe2;
        private final Field re2Prog;
        private final Field progInst;
        private final Field progInstSize;
        private final Field progStart;
        private final Field instOp;
        private final Field instOut;
        private final Field instArg;
        private final Field instRunes;
        private final Method simpleFold;
        private final int foldCase;

        private Internals() throws ReflectiveOperationException {
            Class<?> re2 = Class.forName("com.google.re2j.RE2");
            Class<?> prog = Class.forName("com.google.re2j.Prog");
            Class<?> inst = Class.forName("com.google.re2j.Inst");
            patternRe2 = open(com.google.re2j.Pattern.class.getDeclaredField("re2"));
            re2Prog = open(re2.getDeclaredField("prog"));
            progInst = open(prog.getDeclaredField("inst"));
            progInstSize = open(prog.getDeclaredField("instSize"));
            progStart = open(prog.getDeclaredField("start"));
            instOp = open(inst.getDeclaredField("op"));
            instOut = open(inst.getDeclaredField("out"));
            instArg = open(inst.getDeclaredField("arg"));
            instRunes = open(inst.getDeclaredField("runes"));
            Method fold = Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
            fold.setAccessible(true);
            simpleFold = fold;
            foldCase = open(re2.getDeclaredField("FOLD_CASE")).getInt(null);
            // the codes this class relies on
            if (open(inst.getDeclaredField("RUNE_ANY_NOT_NL")).getInt(null) != RUNE_ANY_NOT_NL
                    || open(inst.getDeclaredField("ALT")).getInt(null) != ALT) {
                throw new ReflectiveOperationException("unexpected RE2J instruction codes");
            }
        }

        private static Field open(Field f) {
            f.setAccessible(true);
            return f;
        }

        static Internals load() {
            try {
                return new Internals();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // RE2J alone
            }
        }

        BitState read(com.google.re2j.Pattern pattern) {
            try {
                Object prog = re2Prog.get(patternRe2.get(pattern));
                Object[] insts = (Object[]) progInst.get(prog);
                int n = progInstSize.getInt(prog);
                int[] op = new int[n];
                int[] out = new int[n];
                int[] arg = new int[n];
                int[][] runes = new int[n][];
                boolean[] single = new boolean[n];
                for (int pc = 0; pc < n; pc++) {
                    Object in = insts[pc];
                    op[pc] = instOp.getInt(in);
                    out[pc] = instOut.getInt(in);
                    arg[pc] = instArg.getInt(in);
                    int[] rs = (int[]) instRunes.get(in);
                    if (op[pc] == RUNE1 || (op[pc] == RUNE && rs.length == 1)) {
                        single[pc] = true;
                        runes[pc] = op[pc] == RUNE && (arg[pc] & foldCase) != 0 ? orbit(rs[0]) : new int[] {rs[0]};
                    } else if (op[pc] == RUNE) {
                        runes[pc] = rs.clone();
                    } else if (op[pc] < ALT || op[pc] > RUNE_ANY_NOT_NL) {
                        return null;
                    }
                }
                int groups = pattern.matcher("").groupCount();
                return new BitState(op, out, arg, runes, single, progStart.getInt(prog), groups);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** A rune and every rune case folding reaches from it (RE2J's loop over {@code Unicode.simpleFold}). */
        private int[] orbit(int r0) throws ReflectiveOperationException {
            int[] o = {r0};
            for (int r = (int) simpleFold.invoke(null, r0); r != r0; r = (int) simpleFold.invoke(null, r)) {
                o = Arrays.copyOf(o, o.length + 1);
                o[o.length - 1] = r;
            }
            return o;
        }
    }
}
