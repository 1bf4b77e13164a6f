package dev.canopy.dlp.limits;

/**
 * Upper bound of the number of instructions of the program RE2 (Go's {@code regexp/syntax}, RE2J) compiles a regex
 * into, computed from the regex text alone, before anything is compiled.
 *
 * <p>Why: RE2 engines run in time linear in the input, but the factor is the program size, and counted repetition
 * is expanded into copies before compiling: {@code x{n}} becomes n copies of x, so nested counts multiply.
 * RE2J caps each count at 1000 but not their product: {@code ((a{1000}){1000}){1000}} (23 chars) would compile to
 * 10^9 instructions (OutOfMemoryError). Go's parser rejects such programs by computing this same size before
 * compiling; RE2J's parser is package-private, so we parse RE2 syntax ourselves.
 *
 * <p>Instruction counts follow Go's compiler ({@code regexp/syntax/compile.go}) after simplification
 * ({@code simplify.go}):
 * <ul>
 *   <li>a literal: one instruction per code point; a character class, {@code .}, {@code \d}, {@code \pL}: 1;</li>
 *   <li>an empty-width assertion ({@code ^ $ \A \z \b \B}): 1; an empty regex or {@code x{0}}: 1 (a no-op);</li>
 *   <li>a capture group: its content + 2; concatenation: the sum; alternation of k branches: the sum + k - 1;</li>
 *   <li>{@code x* x+ x?}: size(x) + 1;</li>
 *   <li>{@code x{n,m}}: n copies then m-n nested optional copies: n·size(x) + (m-n)·(size(x)+1);
 *       {@code x{n,}}: max(n,1)·size(x) + 1;</li>
 *   <li>the program: + 4 (whole-match capture, match and the fail instruction).</li>
 * </ul>
 * RE2's literal factoring of alternations only makes the real program smaller, so this is an upper bound. Sizes
 * saturate at {@link #SATURATED}. Syntax errors are not reported here (the regex compiler does that after the size
 * check passed); the estimator just reads on, so an invalid regex still gets a finite size.
 */
public final class Re2Size {
    /** Sizes stop growing here (no overflow). */
    public static final long SATURATED = 1L << 40;

    private final String re;
    private int pos;
    private int depth;
    private int maxDepth;

    private Re2Size(String re) {
        this.re = re;
    }

    /** What the estimator found: the instruction upper bound and the deepest group nesting. */
    public record Estimate(long instructions, int nesting) {
    }

    /** Upper bound of the compiled program's instruction count. */
    public static long instructions(String regex) {
        return estimate(regex).instructions();
    }

    public static Estimate estimate(String regex) {
        Re2Size p = new Re2Size(regex);
        long size = p.alternation();
        while (p.pos < regex.length()) { // an unbalanced ')': count the rest too
            p.pos++;
            size = add(size, p.alternation());
        }
        return new Estimate(add(size, 4), p.maxDepth);
    }

    private long alternation() {
        long size = concatenation();
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            size = add(add(size, concatenation()), 1);
        }
        return size;
    }

    private long concatenation() {
        long size = 0;
        boolean any = false;
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            Long item = item();
            if (item != null) {
                size = add(size, item);
                any = true;
            }
        }
        return any ? size : 1; // empty: one no-op
    }

    /** One atom with its repetition operators; null for a flag group {@code (?i)}, which compiles to nothing. */
    private Long item() {
        Long atom = atom();
        if (atom == null) {
            return null;
        }
        long size = atom;
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                size = add(size, 1);
            } else if (c == '{') {
                long[] range = repeat();
                if (range == null) {
                    break; // a literal '{', read as the next atom
                }
                size = repeated(size, range[0], range[1]);
            } else {
                break;
            }
            if (pos < re.length() && re.charAt(pos) == '?') {
                pos++; // lazy: same program size
            }
        }
        return size;
    }

    /** Size of x{min,max} (max -1: unbounded) for size(x) = s. */
    static long repeated(long s, long min, long max) {
        if (max < 0) {
            return add(mul(Math.max(min, 1), s), 1);
        }
        if (max == 0) {
            return 1;
        }
        return add(mul(min, s), mul(Math.max(0, max - min), add(s, 1)));
    }

    /** Parses {n}, {n,} or {n,m} at pos; null (pos unchanged) when it is not a repetition (RE2: a literal). */
    private long[] repeat() {
        int i = pos + 1;
        int start = i;
        while (i < re.length() && Character.isDigit(re.charAt(i))) {
            i++;
        }
        if (i == start || i >= re.length()) {
            return null;
        }
        long min = number(start, i);
        long max = min;
        if (re.charAt(i) == ',') {
            i++;
            int s2 = i;
            while (i < re.length() && Character.isDigit(re.charAt(i))) {
                i++;
            }
            max = i == s2 ? -1 : number(s2, i);
        }
        if (i >= re.length() || re.charAt(i) != '}') {
            return null;
        }
        pos = i + 1;
        return new long[] {min, max < 0 ? -1 : Math.max(min, max)};
    }

    private long number(int from, int to) {
        if (to - from > 9) {
            return 1_000_000_000L;
        }
        return Long.parseLong(re.substring(from, to));
    }

    private Long atom() {
        char c = re.charAt(pos);
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                charClass();
                return 1L;
            }
            case '\\' -> {
                return escape();
            }
            default -> {
                pos += Character.charCount(re.codePointAt(pos));
                return 1L; // a literal, '.', '^', '$', or a stray repetition operator
            }
        }
    }

    private Long group() {
        pos++; // '('
        boolean capture = true;
        if (re.startsWith("?", pos)) {
            capture = false;
            if (re.startsWith("?P<", pos) || (re.startsWith("?<", pos) && !re.startsWith("?<=", pos)
                    && !re.startsWith("?<!", pos))) {
                int close = re.indexOf('>', pos);
                pos = close < 0 ? re.length() : close + 1;
                capture = true;
            } else {
                int i = pos + 1;
                while (i < re.length() && "imsU-".indexOf(re.charAt(i)) >= 0) {
                    i++;
                }
                if (i < re.length() && re.charAt(i) == ')') {
                    pos = i + 1;
                    return null; // (?flags): compiles to nothing
                }
                pos = i < re.length() && re.charAt(i) == ':' ? i + 1 : i; // (?flags:...) or (?:...); else invalid
            }
        }
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        long inner = alternation();
        depth--;
        if (pos < re.length() && re.charAt(pos) == ')') {
            pos++;
        }
        return capture ? add(inner, 2) : inner;
    }

    /** Skips a bracketed class (nested POSIX classes, escapes, a leading ']'). */
    private void charClass() {
        int i = pos + 1;
        if (i < re.length() && re.charAt(i) == '^') {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            i++;
        }
        while (i < re.length() && re.charAt(i) != ']') {
            if (re.charAt(i) == '\\') {
                i += 2;
                if (i <= re.length() && (re.charAt(i - 1) == 'p' || re.charAt(i - 1) == 'P' || re.charAt(i - 1) == 'x')
                        && i < re.length() && re.charAt(i) == '{') {
                    int close = re.indexOf('}', i);
                    i = close < 0 ? re.length() : close + 1;
                }
            } else if (re.startsWith("[:", i)) {
                int close = re.indexOf(":]", i + 2);
                i = close < 0 ? i + 1 : close + 2;
            } else {
                i++;
            }
        }
        pos = Math.min(re.length(), i + 1);
    }

    private long escape() {
        if (pos + 1 >= re.length()) {
            pos = re.length();
            return 1;
        }
        char e = re.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'Q' -> {
                int end = re.indexOf("\\E", pos);
                String lit = re.substring(pos, end < 0 ? re.length() : end);
                pos = end < 0 ? re.length() : end + 2;
                return Math.max(1, lit.codePointCount(0, lit.length()));
            }
            case 'p', 'P', 'x' -> {
                if (pos < re.length() && re.charAt(pos) == '{') {
                    int close = re.indexOf('}', pos);
                    pos = close < 0 ? re.length() : close + 1;
                } else if (e == 'x') {
                    pos = Math.min(re.length(), pos + 2);
                } else if (pos < re.length()) {
                    pos++;
                }
                return 1;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = pos;
                    while (end < re.length() && end < pos + 2 && re.charAt(end) >= '0' && re.charAt(end) <= '7') {
                        end++;
                    }
                    pos = end;
                } else if (Character.isHighSurrogate(e) && pos < re.length()) {
                    pos++;
                }
                return 1;
            }
        }
    }

    static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b);
    }
}
