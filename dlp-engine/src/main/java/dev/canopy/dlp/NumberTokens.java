package dev.canopy.dlp;

import dev.canopy.dlp.validate.Checks;

/**
 * Number tokens of the fused pass: where a digit run with separators ends, and whether it is a piece of an
 * identifier, UUID or hash rather than a number of its own. Shared by every number recognizer (card, phone, SSN,
 * IPv4, Aadhaar, tax id), which all see the same token.
 */
final class NumberTokens {
    private NumberTokens() {
    }

    /**
     * True when a number token is a piece of something that is not a number of its own: the tail of a bigger number
     * ({@code 1,234,567}, {@code 10:22:33,120}), the numeric part of an identifier ({@code ORD-2024-0012345},
     * {@code PROJ-4521}, {@code #48213}, {@code build_20240611}), or digits of a UUID/GUID or hex hash
     * ({@code 04752210-e010-41b9-…}).
     */
    static boolean partOfIdentifier(byte[] c, int start, int end) {
        int n = c.length;
        if (start > 0) {
            char p = (char) (c[start - 1] & 0xFF);
            if (p == '#') {
                return true;
            }
            char pp = start > 1 ? (char) (c[start - 2] & 0xFF) : ' ';
            if ((p == '-' || p == '_') && Checks.isAsciiAlnum(pp)) {
                return true;
            }
            if ((p == ',' || p == ':' || p == '.') && Checks.isDigit(pp)) {
                return true;
            }
        }
        if (inMacAddress(c, start, end)) {
            return true;
        }
        // hex run around the token (dashes allowed): a UUID/GUID or hash has hex letters and >= 16 hex digits. Only a
        // token that is itself hex digits and dashes can be such a piece ("+44 7700 208 815-Fax" is not: the run
        // would count its '+' and spaces)
        for (int i = start; i < end; i++) {
            if (!isHex((char) c[i]) && c[i] != '-') {
                return false;
            }
        }
        int l = start;
        while (l > 0 && (isHex((char) c[l - 1]) || c[l - 1] == '-')) {
            l--;
        }
        int r = end;
        while (r < n && (isHex((char) c[r]) || c[r] == '-')) {
            r++;
        }
        if (r - l < 16 || (l == start && r == end)) {
            return false;
        }
        int hex = 0;
        boolean letter = false;
        for (int i = l; i < r; i++) {
            char ch = (char) c[i];
            if (ch != '-') {
                hex++;
                letter |= !Checks.isDigit(ch);
            }
        }
        return letter && hex >= 16;
    }

    private static final int MAC_CHARS = 17;

    /**
     * Whether the token lies in a MAC address: six hex pairs with one separator, ':' or '-' ({@code 93-63-75-57-D8-ED},
     * {@code 21-31-42-10-35-01}), nothing hex or separator around it. Device inventories list them next to phones.
     */
    static boolean inMacAddress(byte[] c, int start, int end) {
        // a MAC's digits are at most one char from a separator: most tokens (dates, ids, counts) leave here
        if (!(start > 0 && macSeparator(c[start - 1])) && !(start + 1 < c.length && macSeparator(c[start + 1]))
                && !(start + 2 < c.length && macSeparator(c[start + 2]))) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!macChar(c[i])) {
                return false;
            }
        }
        int l = start;
        while (l > 0 && start - l <= MAC_CHARS && macChar(c[l - 1])) {
            l--;
        }
        int r = end;
        while (r < c.length && r - l <= MAC_CHARS && macChar(c[r])) {
            r++;
        }
        if (r - l != MAC_CHARS) {
            return false;
        }
        byte sep = c[l + 2];
        if (sep != ':' && sep != '-') {
            return false;
        }
        for (int i = 0; i < MAC_CHARS; i++) {
            if (i % 3 == 2 ? c[l + i] != sep : !isHex((char) (c[l + i] & 0xFF))) {
                return false;
            }
        }
        return true;
    }

    private static boolean macSeparator(byte b) {
        return b == ':' || b == '-';
    }

    private static boolean macChar(byte b) {
        return macSeparator(b) || isHex((char) (b & 0xFF));
    }

    private static boolean isHex(char ch) {
        return Checks.isDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }

    /** Number token: digits with at most two separators between digit groups. */
    static int numberEnd(String text, int i) {
        int n = text.length();
        int j = i;
        int end = i;
        while (j < n) {
            char c = text.charAt(j);
            if (c >= '0' && c <= '9') {
                j++;
                end = j;
                continue;
            }
            if (isNumSep(c)) {
                int q = j;
                int seps = 0;
                while (q < n && seps < 2 && isNumSep(text.charAt(q))) {
                    q++;
                    seps++;
                }
                if (q < n && text.charAt(q) >= '0' && text.charAt(q) <= '9') {
                    j = q;
                    continue;
                }
            }
            break;
        }
        // include a closing parenthesis directly after the last digit group, e.g. "(0)"
        return end;
    }

    private static boolean isNumSep(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
    }
}
