package dev.canopy.dlp.gitleaks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a gitleaks regex can be confirmed as an anchored match at keyword hits: after dropping the
 * leading "{@code [\w.-]{0,50}?}" context prefix (it only widens the reported match) and a leading {@code \b}
 * (checked by the engine instead), every alternative the regex can start with must begin with a literal that
 * starts with one of the rule's keywords. Then each match begins at a keyword occurrence and trying the regex
 * only there finds the same secrets as a full search. Returns null when that can't be shown.
 */
final class AnchorAnalysis {
    /**
     * @param assignmentGap  when > 0: the rule has the assignment shape and the identifier run after the prefix
     *                       the text starts with is at most this long
     * @param prefixes       literal prefixes every match starts with, longest first
     * @param caseSensitive  whether {@code prefixes} must match with exact case
     */
    record Anchored(String regex, boolean boundaryBefore, int assignmentGap, List<String> prefixes,
            boolean caseSensitive) {

        /** The length of the longest prefix the text at {@code hit} starts with; -1 for none. */
        int prefixLengthAt(String text, int hit) {
            if (hit >= text.length()) {
                return -1;
            }
            // the first char first: generic-api-key has ten prefixes, and at a hit of one of them the other nine
            // fail there (this check runs at every keyword hit of the rule, thousands per MiB of prose)
            // (ASCII only: two ASCII chars that differ in more than the case bit differ in any case; anything else
            // is left to regionMatches)
            // (the second char too where there is one: most of generic-api-key's hits are of "access", "api" and
            // "auth", which share the first; indexed, not for-each: the iterator was not optimized away)
            char first = text.charAt(hit);
            char second = hit + 1 < text.length() ? text.charAt(hit + 1) : 0;
            int mask = caseSensitive ? 0 : 0x20;
            for (int k = 0; k < prefixes.size(); k++) { // longest first
                String p = prefixes.get(k);
                char c = p.charAt(0);
                if (c < 128 && first < 128 && (c | mask) != (first | mask)) {
                    continue;
                }
                if (p.length() > 1) {
                    char c2 = p.charAt(1);
                    if (c2 < 128 && second < 128 && (c2 | mask) != (second | mask)) {
                        continue;
                    }
                }
                if (text.regionMatches(!caseSensitive, hit, p, 0, p.length())) {
                    return p.length();
                }
            }
            return -1;
        }

        /**
         * The rule's necessary condition at a keyword hit: a prefix there and, for the assignment shape, an
         * assignment operator after at most {@link #assignmentGap} identifier chars past the longest such prefix
         * (the regex's {@code [ \t\w.-]{0,20}}): in prose, where keywords are ordinary words, the run of words and
         * spaces is read for ~25 chars instead of the longest alternative's length plus 20.
         */
        boolean mayMatchAt(String text, int hit) {
            int p = prefixLengthAt(text, hit);
            // the prefix itself is identifier chars (checked in analyse): the run is read from its end
            return p >= 0 && (assignmentGap == 0 || assignmentFollows(text, hit + p, assignmentGap));
        }
    }

    /** gitleaks' generated "identifier, then an assignment operator" shape. */
    static final String ASSIGN_GAP = "(?:[ \\t\\w.-]{0,20})[\\s'\"]{0,3}";
    static final String ASSIGN_OP = "(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)";

    /**
     * Necessary condition of the assignment shape: from the keyword, a run of {@code [ \t\w.-]}, at most three of
     * {@code [\s'"]}, then one of {@code = > : | ? ,}.
     */
    static boolean assignmentFollows(String text, int hit, int maxRun) {
        int n = text.length();
        int i = hit;
        int limit = Math.min(n, hit + maxRun);
        while (i < limit) {
            char c = text.charAt(i);
            if (c < 128 ? RUN_CHAR[c] : Character.isLetterOrDigit(c)) {
                i++;
            } else {
                break;
            }
        }
        for (int k = 0; k < 3 && i < n; k++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                i++;
            } else {
                break;
            }
        }
        if (i >= n) {
            return false;
        }
        char op = text.charAt(i);
        return op == '=' || op == '>' || op == ':' || op == '|' || op == '?' || op == ',';
    }

    /** ASCII chars of the identifier run: {@code [ \t\w.-]}. */
    private static final boolean[] RUN_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            RUN_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-' || c == ' ' || c == '\t';
        }
    }

    private static final String CONTEXT_PREFIX = "[\\w.-]{0,50}?";

    private AnchorAnalysis() {
    }

    static Anchored analyse(String regex, List<String> keywords) {
        if (keywords.isEmpty()) {
            return null;
        }
        String flags = "";
        String r = regex;
        if (r.startsWith("(?i)")) {
            flags = "(?i)";
            r = r.substring(4);
        }
        if (r.startsWith(CONTEXT_PREFIX)) {
            r = r.substring(CONTEXT_PREFIX.length());
            if (r.startsWith("(?i:" + CONTEXT_PREFIX)) {
                r = "(?i:" + r.substring(4 + CONTEXT_PREFIX.length());
            }
        }
        boolean boundary = false;
        if (r.startsWith("\\b")) {
            boundary = true;
            r = r.substring(2);
        }
        List<String> prefixes = prefixes(r);
        if (prefixes == null || prefixes.isEmpty()) {
            return null;
        }
        for (String p : prefixes) {
            String lp = p.toLowerCase(Locale.ROOT);
            if (keywords.stream().noneMatch(k -> lp.startsWith(k.toLowerCase(Locale.ROOT)))) {
                return null;
            }
        }
        int assignmentGap = 0;
        int gap = r.indexOf(ASSIGN_GAP);
        boolean identifierPrefixes = prefixes.stream().allMatch(x -> x.chars().allMatch(c -> c < 128 && RUN_CHAR[c]));
        if (gap > 0 && r.contains(ASSIGN_OP) && identifierPrefixes) {
            String head = r.substring(0, gap);
            if (head.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_|()?:-[]".indexOf(c) >= 0)) {
                assignmentGap = 20 + 1; // [ \t\w.-]{0,20} after the prefix (and one char of slack)
            }
        }
        // exact-case prefix check only without any case folding (no (?i) anywhere, prefix literally in the regex)
        boolean caseSensitive = flags.isEmpty() && !regex.contains("(?i");
        for (String p : prefixes) {
            if (!r.contains(p)) {
                caseSensitive = false;
            }
        }
        List<String> longestFirst = new ArrayList<>(prefixes);
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        return new Anchored(flags + r, boundary, assignmentGap, List.copyOf(longestFirst), caseSensitive);
    }

    /** Literal prefixes of all alternatives a sequence can start with, or null. */
    static List<String> prefixes(String seq) {
        if (seq.isEmpty()) {
            return null;
        }
        if (seq.charAt(0) == '(') {
            int close = matching(seq, 0);
            if (close < 0) {
                return null;
            }
            String after = seq.substring(close + 1);
            if (!after.isEmpty() && (after.charAt(0) == '?' || after.charAt(0) == '*'
                    || after.startsWith("{0"))) {
                return null; // optional group
            }
            int contentStart = 1;
            if (seq.startsWith("(?:") || seq.startsWith("(?i:")) {
                contentStart = seq.indexOf(':') + 1;
            } else if (seq.startsWith("(?-i:")) {
                contentStart = 5;
            } else if (seq.startsWith("(?")) {
                return null; // named groups, flags we don't follow
            }
            List<String> out = new ArrayList<>();
            boolean flagGroup = seq.startsWith("(?i:") || seq.startsWith("(?-i:");
            for (String branch : branches(seq.substring(contentStart, close))) {
                // "(?:sk|rk)_(?:test|live)" -> sk_test, sk_live, rk_test, rk_live (not across flag groups)
                List<String> p = flagGroup || after.isEmpty() || out.size() > 64 ? null : prefixes(branch + after);
                if (p == null) {
                    p = prefixes(branch);
                }
                if (p == null) {
                    return null;
                }
                out.addAll(p);
            }
            return out;
        }
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < seq.length()) {
            char c = seq.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '=' || c == ':' || c == '/' || c == ' '
                    || c == '"' || c == '\'' || c == '~' || c == '@' || c == '%' || c == '!' || c == ',') {
                lit.append(c);
                i++;
            } else if (c == '\\' && i + 1 < seq.length() && ".$-_/+*?()[]{}|^#&~".indexOf(seq.charAt(i + 1)) >= 0) {
                lit.append(seq.charAt(i + 1));
                i += 2;
            } else if (c == '[' && i + 3 < seq.length() && seq.charAt(i + 3) == ']'
                    && Character.toLowerCase(seq.charAt(i + 1)) == Character.toLowerCase(seq.charAt(i + 2))
                    && Character.isLetter(seq.charAt(i + 1))) {
                lit.append(Character.toLowerCase(seq.charAt(i + 1))); // [Aa]
                i += 4;
            } else if (c == '(' && lit.length() > 0) {
                // literal followed by a group: expand "passw(?:or)?d" into "password" and "passwd"
                int close = matching(seq, i);
                if (close < 0) {
                    return null;
                }
                boolean optional = close + 1 < seq.length() && seq.charAt(close + 1) == '?';
                String rest = seq.substring(close + (optional ? 2 : 1));
                int cs = seq.startsWith("(?:", i) ? i + 3 : seq.startsWith("(?", i) ? -1 : i + 1;
                if (cs < 0) {
                    break;
                }
                List<String> out = new ArrayList<>();
                for (String branch : branches(seq.substring(cs, close))) {
                    List<String> p = prefixes(branch + rest);
                    if (p == null) {
                        p = prefixes(branch);
                    }
                    if (p == null) {
                        return List.of(lit.toString());
                    }
                    p.forEach(x -> out.add(lit + x));
                }
                if (optional) {
                    List<String> p = rest.isEmpty() ? null : prefixes(rest);
                    if (p == null) {
                        out.add(lit.toString());
                    } else {
                        p.forEach(x -> out.add(lit + x));
                    }
                }
                return out;
            } else {
                break;
            }
        }
        if (i < seq.length() && lit.length() > 0) {
            char q = seq.charAt(i);
            if (q == '?' || q == '*' || q == '{') {
                lit.setLength(lit.length() - 1); // last char is quantified
            }
        }
        return lit.length() == 0 ? null : List.of(lit.toString());
    }

    private static int matching(String s, int open) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<String> branches(String content) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(content.substring(start, i));
                start = i + 1;
            }
        }
        out.add(content.substring(start));
        return out;
    }
}
