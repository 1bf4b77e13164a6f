package dev.canopy.simulator.generate;

import java.util.SplittableRandom;

/** Deterministic identifiers in the formats Atlassian uses. */
public final class Ids {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    public static String uuid(SplittableRandom r) {
        String h = hex(r, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(r.nextInt(4)) + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    /** Atlassian account ids look like {@code 712020:<uuid>} (newer) or 24 hex chars (older). */
    public static String accountId(SplittableRandom r) {
        return r.nextInt(3) == 0 ? hex(r, 24) : "712020:" + uuid(r);
    }

    public static String hex(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    public static String chars(SplittableRandom r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    public static String alnum(SplittableRandom r, int n) {
        return chars(r, ALNUM, n);
    }

    public static String digits(SplittableRandom r, int n) {
        return chars(r, "0123456789", n);
    }
}
