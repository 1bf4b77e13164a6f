package dev.canopy.dlp.prefilter;

import dk.brics.automaton.Automaton;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an RE2 regex into a dk.brics {@link Automaton} that accepts a <em>superset</em> of what the regex
 * matches: zero-width assertions ({@code ^ $ \A \z \b \B}) become the empty string, laziness is dropped (same
 * language), {@code (?i)} folds ASCII letters (plus the Kelvin sign and long s, which RE2 folds onto k and s).
 * Anything the translation can't prove safe (Unicode classes, {@code \Q}, non-ASCII literals under {@code (?i)},
 * back-references) throws {@link Unsupported}, and the caller keeps using the regex engine alone.
 *
 * <p>Used as a linear-time DFA gate in front of RE2J: when the automaton can't reach an accepting state from a
 * position, the regex can't match there either.
 */
public final class Re2Automaton {
    /** The regex uses syntax this translation doesn't cover. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    /** Counted repetitions beyond this become open-ended (superset, keeps the DFA small). */
    static final int MAX_COUNT = 8;

    private final String re;
    private int pos;

    private Re2Automaton(String re) {
        this.re = re;
    }

    /** @throws Unsupported when the regex can't be translated safely */
    public static Automaton translate(String regex) {
        List<Automaton> parts = translateParts(regex);
        return parts.size() == 1 ? parts.get(0) : Automaton.concatenate(parts);
    }

    /**
     * The regex as a sequence whose concatenation it is (its top-level items; one item when the top level is an
     * alternation). Any leading run of the items accepts a prefix of every match.
     *
     * @throws Unsupported when the regex can't be translated safely
     */
    public static List<Automaton> translateParts(String regex) {
        Re2Automaton p = new Re2Automaton(regex);
        Flags[] f = {new Flags(false, false)};
        List<Automaton> parts = p.items(f);
        if (p.more() && p.peek() == '|') {
            List<Automaton> alts = new ArrayList<>();
            alts.add(concat(parts));
            while (p.more() && p.peek() == '|') {
                p.pos++;
                alts.add(concat(p.items(f)));
            }
            parts = List.of(Automaton.union(alts));
        }
        if (p.pos != regex.length()) {
            throw new Unsupported("unbalanced ')' at " + p.pos);
        }
        return parts;
    }

    private static Automaton concat(List<Automaton> parts) {
        return parts.isEmpty() ? Automaton.makeEmptyString() : Automaton.concatenate(parts);
    }

    private record Flags(boolean fold, boolean dotAll) {
    }

    private boolean more() {
        return pos < re.length();
    }

    private char peek() {
        return re.charAt(pos);
    }

    private Automaton alternation(Flags flags) {
        List<Automaton> alts = new ArrayList<>();
        Flags[] f = {flags};
        alts.add(concatenation(f));
        while (more() && peek() == '|') {
            pos++;
            alts.add(concatenation(f));
        }
        return alts.size() == 1 ? alts.get(0) : Automaton.union(alts);
    }

    /** {@code f[0]} may be changed by an inline flag group; the change lasts to the end of the enclosing group. */
    private Automaton concatenation(Flags[] f) {
        return concat(items(f));
    }

    private List<Automaton> items(Flags[] f) {
        List<Automaton> parts = new ArrayList<>();
        while (more() && peek() != '|' && peek() != ')') {
            if (re.startsWith("(?", pos) && isFlagGroup()) {
                int close = re.indexOf(')', pos);
                int colon = re.indexOf(':', pos);
                if (colon > 0 && colon < close) {
                    // (?flags:re)
                    Flags inner = applyFlags(f[0], re.substring(pos + 2, colon));
                    pos = colon + 1;
                    Automaton a = alternation(inner);
                    expect(')');
                    parts.add(quantified(a));
                } else {
                    f[0] = applyFlags(f[0], re.substring(pos + 2, close));
                    pos = close + 1;
                }
                continue;
            }
            parts.add(quantified(atom(f[0])));
        }
        return parts;
    }

    private boolean isFlagGroup() {
        int i = pos + 2;
        while (i < re.length() && "imsU-".indexOf(re.charAt(i)) >= 0) {
            i++;
        }
        return i > pos + 2 && i < re.length() && (re.charAt(i) == ')' || re.charAt(i) == ':');
    }

    private static Flags applyFlags(Flags f, String spec) {
        boolean on = true;
        boolean fold = f.fold();
        boolean dotAll = f.dotAll();
        for (char c : spec.toCharArray()) {
            switch (c) {
                case '-' -> on = false;
                case 'i' -> fold = on;
                case 's' -> dotAll = on;
                case 'm', 'U' -> { } // anchors are dropped anyway; laziness doesn't change the language
                default -> throw new Unsupported("flag " + c);
            }
        }
        return new Flags(fold, dotAll);
    }

    private void expect(char c) {
        if (!more() || peek() != c) {
            throw new Unsupported("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private Automaton quantified(Automaton a) {
        while (more()) {
            char c = peek();
            if (c == '*') {
                pos++;
                a = a.repeat();
            } else if (c == '+') {
                pos++;
                a = a.repeat(1);
            } else if (c == '?') {
                pos++;
                a = a.optional();
            } else if (c == '{' && repeatAhead()) {
                int close = re.indexOf('}', pos);
                String spec = re.substring(pos + 1, close);
                pos = close + 1;
                int comma = spec.indexOf(',');
                if (comma < 0) {
                    int n = Integer.parseInt(spec);
                    a = n > MAX_COUNT ? a.repeat(MAX_COUNT) : a.repeat(n, n);
                } else if (comma == spec.length() - 1) {
                    a = a.repeat(Math.min(MAX_COUNT, Integer.parseInt(spec.substring(0, comma))));
                } else {
                    int min = Integer.parseInt(spec.substring(0, comma));
                    int max = Integer.parseInt(spec.substring(comma + 1));
                    if (max > 1000 || max < min) {
                        throw new Unsupported("repeat {" + spec + "}");
                    }
                    // long counted runs blow up the DFA; an open upper bound (and a capped lower one) is a superset
                    a = max > MAX_COUNT ? a.repeat(Math.min(min, MAX_COUNT)) : a.repeat(min, max);
                }
            } else {
                break;
            }
            if (more() && peek() == '?') {
                pos++; // lazy: same language
            }
        }
        return a;
    }

    /** RE2 reads '{' as a repeat only in the forms {n}, {n,} and {n,m}; otherwise it is a literal. */
    private boolean repeatAhead() {
        int close = re.indexOf('}', pos);
        return close > pos + 1 && re.substring(pos + 1, close).matches("\\d+(,\\d*)?");
    }

    private Automaton atom(Flags f) {
        char c = peek();
        switch (c) {
            case '(' -> {
                pos++;
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                } else if (re.startsWith("?P<", pos) || re.startsWith("?<", pos)) {
                    int gt = re.indexOf('>', pos);
                    if (gt < 0) {
                        throw new Unsupported("group name");
                    }
                    pos = gt + 1;
                } else if (more() && peek() == '?') {
                    throw new Unsupported("group kind at " + pos);
                }
                Automaton a = alternation(f);
                expect(')');
                return a;
            }
            case '[' -> {
                return charClass(f);
            }
            case '.' -> {
                pos++;
                return f.dotAll() ? Automaton.makeAnyChar() : union(new int[] {0, '\n' - 1, '\n' + 1, 0xFFFF});
            }
            case '^', '$' -> {
                pos++;
                return Automaton.makeEmptyString();
            }
            case '\\' -> {
                return escape(f);
            }
            case '*', '+', '?' -> throw new Unsupported("missing repeat operand at " + pos);
            default -> {
                pos++;
                return literal(c, f);
            }
        }
    }

    private Automaton escape(Flags f) {
        pos++;
        if (!more()) {
            throw new Unsupported("trailing backslash");
        }
        char c = re.charAt(pos++);
        switch (c) {
            case 'b', 'B', 'A', 'z' -> {
                return Automaton.makeEmptyString();
            }
            case 'd', 'D', 'w', 'W', 's', 'S' -> {
                return set(perlClass(c), f);
            }
            default -> {
                return literal(escapedChar(c), f);
            }
        }
    }

    /** A single escaped character (outside Perl classes and assertions). */
    private char escapedChar(char c) {
        switch (c) {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'f': return '\f';
            case 'v': return '\u000B';
            case 'a': return '\u0007';
            case 'x': {
                int v;
                if (more() && peek() == '{') {
                    int close = re.indexOf('}', pos);
                    v = Integer.parseInt(re.substring(pos + 1, close), 16);
                    pos = close + 1;
                } else {
                    v = Integer.parseInt(re.substring(pos, pos + 2), 16);
                    pos += 2;
                }
                if (v > 0xFFFF) {
                    throw new Unsupported("supplementary code point");
                }
                return (char) v;
            }
            default:
                if (Character.isLetterOrDigit(c)) {
                    throw new Unsupported("escape \\" + c); // \p, \Q, octal, back-references...
                }
                return c;
        }
    }

    /** Ranges (pairs of inclusive bounds) of \d \w \s and their negations (negation marked by a leading -1). */
    private static int[] perlClass(char c) {
        int[] pos = switch (Character.toLowerCase(c)) {
            case 'd' -> new int[] {'0', '9'};
            case 'w' -> new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
            default -> new int[] {'\t', '\n', '\f', '\r', ' ', ' '};
        };
        return Character.isUpperCase(c) ? negate(pos) : pos;
    }

    private static int[] negate(int[] ranges) {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int[] r : sorted(ranges)) {
            if (r[0] > next) {
                out.add(next);
                out.add(r[0] - 1);
            }
            next = Math.max(next, r[1] + 1);
        }
        if (next <= 0xFFFF) {
            out.add(next);
            out.add(0xFFFF);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<int[]> sorted(int[] ranges) {
        List<int[]> l = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            l.add(new int[] {ranges[i], ranges[i + 1]});
        }
        l.sort((a, b) -> Integer.compare(a[0], b[0]));
        return l;
    }

    private Automaton charClass(Flags f) {
        pos++; // [
        boolean negated = false;
        if (more() && peek() == '^') {
            negated = true;
            pos++;
        }
        List<Integer> ranges = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (!more()) {
                throw new Unsupported("unterminated class");
            }
            char c = peek();
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (re.startsWith("[:", pos)) {
                int close = re.indexOf(":]", pos);
                if (close < 0) {
                    throw new Unsupported("posix class");
                }
                for (int r : posix(re.substring(pos + 2, close))) {
                    ranges.add(r);
                }
                pos = close + 2;
                continue;
            }
            int lo;
            if (c == '\\') {
                pos++;
                char e = re.charAt(pos++);
                if ("dDwWsS".indexOf(e) >= 0) {
                    for (int r : perlClass(e)) {
                        ranges.add(r);
                    }
                    continue;
                }
                lo = escapedChar(e);
            } else {
                pos++;
                lo = c;
            }
            int hi = lo;
            if (re.startsWith("-", pos) && pos + 1 < re.length() && re.charAt(pos + 1) != ']') {
                pos++;
                char h = re.charAt(pos++);
                if (h == '\\') {
                    char e = re.charAt(pos++);
                    if (Character.isLetter(e) && "nrtfvax".indexOf(e) < 0) {
                        throw new Unsupported("class range bound \\" + e);
                    }
                    hi = escapedChar(e);
                } else {
                    hi = h;
                }
                if (hi < lo) {
                    throw new Unsupported("reversed range");
                }
            }
            ranges.add(lo);
            ranges.add(hi);
        }
        int[] r = ranges.stream().mapToInt(Integer::intValue).toArray();
        if (f.fold()) {
            r = fold(r);
        }
        if (negated) {
            r = negate(r);
        }
        return union(r);
    }

    private static int[] posix(String name) {
        return switch (name) {
            case "alnum" -> new int[] {'0', '9', 'A', 'Z', 'a', 'z'};
            case "alpha" -> new int[] {'A', 'Z', 'a', 'z'};
            case "digit" -> new int[] {'0', '9'};
            case "lower" -> new int[] {'a', 'z'};
            case "upper" -> new int[] {'A', 'Z'};
            case "xdigit" -> new int[] {'0', '9', 'A', 'F', 'a', 'f'};
            case "space" -> new int[] {'\t', '\r', ' ', ' '};
            case "word" -> new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
            case "punct" -> new int[] {'!', '/', ':', '@', '[', '`', '{', '~'};
            default -> throw new Unsupported("posix class " + name);
        };
    }

    private Automaton set(int[] ranges, Flags f) {
        return union(f.fold() ? fold(ranges) : ranges);
    }

    /** Adds the other ASCII case of every letter in the ranges, and RE2's non-ASCII folds of k and s. */
    private static int[] fold(int[] ranges) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            out.add(ranges[i]);
            out.add(ranges[i + 1]);
            for (int c = Math.max(ranges[i], 'A'); c <= Math.min(ranges[i + 1], 'z'); c++) {
                int other = Character.isUpperCase(c) ? c + 32 : Character.isLowerCase(c) ? c - 32 : -1;
                if (c > 'Z' && c < 'a') {
                    other = -1;
                }
                if (other >= 0) {
                    out.add(other);
                    out.add(other);
                }
                if (c == 'k' || c == 'K') {
                    out.add(0x212A);
                    out.add(0x212A);
                }
                if (c == 's' || c == 'S') {
                    out.add(0x017F);
                    out.add(0x017F);
                }
            }
            if (ranges[i + 1] >= 128 && ranges[i] <= 0xFFFF && !(ranges[i] == 0x212A || ranges[i] == 0x017F)
                    && spansLetters(ranges[i], ranges[i + 1])) {
                throw new Unsupported("case folding of non-ASCII letters");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** True when a range beyond ASCII is narrow enough that its non-ASCII letters need folding (wide negations don't). */
    private static boolean spansLetters(int lo, int hi) {
        if (hi == 0xFFFF) {
            return false; // the tail of a negation already contains every non-ASCII char
        }
        for (int c = Math.max(lo, 128); c <= hi; c++) {
            if (Character.isLetter(c)) {
                return true;
            }
        }
        return false;
    }

    private Automaton literal(char c, Flags f) {
        if (f.fold() && Character.isLetter(c)) {
            if (c >= 128) {
                throw new Unsupported("case folding of non-ASCII letters");
            }
            return union(fold(new int[] {c, c}));
        }
        return Automaton.makeChar(c);
    }

    private static Automaton union(int[] ranges) {
        List<Automaton> l = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            l.add(Automaton.makeCharRange((char) ranges[i], (char) ranges[i + 1]));
        }
        if (l.isEmpty()) {
            return Automaton.makeEmpty();
        }
        Automaton a = Automaton.union(l);
        a.minimize(); // one state pair per class keeps the NFA (and the subset construction) small
        return a;
    }
}
