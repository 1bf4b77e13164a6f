package dev.canopy.dlp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Masked evidence of a match: a masked snippet (secret masked, surrounding secret-like tokens redacted) and a
 * salted SHA-256 fingerprint of the secret. The raw secret is never kept.
 */
public record Evidence(String maskedSnippet, String fingerprint) {

    /** Hex SHA-256 of {@code salt || 0x00 || UTF-8(secret)}. The salt is per tenant. */
    public static String hash(CharSequence secret, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update((byte) 0);
            md.update(secret.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Masks a secret: at least 16 chars → first 4 and last 2 visible; 8..15 → first 2 and last 1; shorter → fully
     * masked. The masked part keeps its length (capped at 24 '*').
     */
    public static String mask(CharSequence secret) {
        int n = secret.length();
        int head = n >= 16 ? 4 : n >= 8 ? 2 : 0;
        int tail = n >= 16 ? 2 : n >= 8 ? 1 : 0;
        StringBuilder sb = new StringBuilder(Math.min(n, head + tail + 24));
        sb.append(secret, 0, head);
        int stars = Math.min(24, Math.max(4, n - head - tail));
        sb.append("*".repeat(stars));
        sb.append(secret, n - tail, n);
        return sb.toString();
    }

    static final int CONTEXT = 24;

    /**
     * Builds the snippet: up to {@value #CONTEXT} chars of same-line context on each side (secret-like tokens in it
     * redacted), the match with its secret part masked.
     */
    public static String snippet(CharSequence text, int matchStart, int matchEnd, int secretStart, int secretEnd) {
        int from = matchStart;
        int limit = Math.max(0, matchStart - CONTEXT);
        while (from > limit && text.charAt(from - 1) != '\n' && text.charAt(from - 1) != '\r') {
            from--;
        }
        int to = matchEnd;
        int lim2 = Math.min(text.length(), matchEnd + CONTEXT);
        while (to < lim2 && text.charAt(to) != '\n' && text.charAt(to) != '\r') {
            to++;
        }
        StringBuilder sb = new StringBuilder();
        redactInto(sb, text, from, secretStart);
        sb.append(mask(text.subSequence(secretStart, secretEnd)));
        redactInto(sb, text, secretEnd, to);
        return sb.toString();
    }

    /** Copies text, replacing every token of 6+ word chars that contains a digit by '#' runs. */
    private static void redactInto(StringBuilder sb, CharSequence text, int from, int to) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (isTok(c)) {
                int j = i;
                boolean digit = false;
                while (j < to && isTok(text.charAt(j))) {
                    digit |= Character.isDigit(text.charAt(j));
                    j++;
                }
                // a token cut by the snippet border may be part of a secret: redact it too
                boolean cut = (i == from && i > 0 && isTok(text.charAt(i - 1)))
                        || (j == to && j < text.length() && isTok(text.charAt(j)));
                if ((j - i >= 6 && digit) || cut || j - i >= 20) {
                    sb.append("#".repeat(Math.min(j - i, 12)));
                } else {
                    sb.append(text, i, j);
                }
                i = j;
            } else {
                sb.append(c == '\t' ? ' ' : c);
                i++;
            }
        }
    }

    private static boolean isTok(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '=';
    }
}
