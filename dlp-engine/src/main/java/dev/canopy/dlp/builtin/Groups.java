package dev.canopy.dlp.builtin;

import dev.canopy.dlp.validate.Checks;

/** Digit groups of a number token, with the separator before each group (shared by the number recognizers). */
record Groups(int[] start, int[] end, char[] sepBefore, int count, int digits) {
    /** Last token's groups: the number recognizers all look at the same token, so compute it once. */
    private static final ThreadLocal<Object[]> LAST_GROUPS = ThreadLocal.withInitial(() -> new Object[4]);

    static Groups of(String text, int s, int e) {
        Object[] last = LAST_GROUPS.get();
        if (last[0] == text && (Integer) last[1] == s && (Integer) last[2] == e) {
            return (Groups) last[3];
        }
        Groups g = compute(text, s, e);
        last[0] = text;
        last[1] = s;
        last[2] = e;
        last[3] = g;
        return g;
    }

    static Groups compute(String text, int s, int e) {
        int[] st = new int[16];
        int[] en = new int[16];
        char[] sep = new char[16];
        int c = 0;
        int digits = 0;
        int i = s;
        char pending = 0;
        while (i < e && c < 16) {
            char ch = text.charAt(i);
            if (Checks.isDigit(ch)) {
                int j = i;
                while (j < e && Checks.isDigit(text.charAt(j))) {
                    j++;
                }
                st[c] = i;
                en[c] = j;
                sep[c] = pending;
                pending = 0;
                digits += j - i;
                c++;
                i = j;
            } else {
                if (pending == 0 || pending == ' ') {
                    pending = ch;
                }
                i++;
            }
        }
        if (c == 16) {
            return null;
        }
        return new Groups(st, en, sep, c, digits);
    }

    int len(int g) {
        return end[g] - start[g];
    }

    boolean separatorsOnly(String allowed) {
        for (int g = 1; g < count; g++) {
            if (allowed.indexOf(sepBefore[g]) < 0) {
                return false;
            }
        }
        return true;
    }

    boolean uniformSeparator() {
        for (int g = 2; g < count; g++) {
            if (sepBefore[g] != sepBefore[1]) {
                return false;
            }
        }
        return true;
    }
}
