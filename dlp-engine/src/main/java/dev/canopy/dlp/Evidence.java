package dev.canopy.dlp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masked evidence of a match: a masked snippet and a keyed fingerprint of the secret. The raw secret is never kept.
 *
 * <p><b>Fingerprint</b>: hex HMAC-SHA256 of the UTF-8 secret under the engine's fingerprint key
 * ({@link ScanEngine.Builder#fingerprintKey(byte[])}); without the key nobody can test a guess against it.
 * {@code legacyFingerprint} is the former scheme (SHA-256 of a tenant salt and the secret), computed only when the
 * engine is given a legacy salt, so a caller can re-key findings stored under the old scheme; otherwise null.
 *
 * <p><b>Masking</b> ({@link #mask(CharSequence, Category, String)}) keeps at most a hint that is useless for guessing,
 * and never the length: payment cards the last 4 digits (what PCI DSS allows to display), email addresses the domain,
 * IBANs the country code, secrets of 20+ chars their first 4 chars (usually the vendor prefix such as {@code ghp_};
 * 16+ unknown chars of a random token remain), everything else (SSNs, national ids, phone numbers, IP addresses,
 * short secrets, tenant rules) nothing at all. Tenant-rule evidence masks the whole match, not only its group.
 *
 * <p><b>Snippet</b> ({@link #snippet}): up to {@value #CONTEXT} chars of same-line context on each side; inside it
 * every other detected value (any detector, any confidence) is replaced by its type in brackets, every digit by
 * {@code #}, and secret-like tokens (6+ chars with a digit, 20+ chars, or cut by the border) by a fixed
 * {@code ######}.
 *
 * <p><b>Why</b> ({@link Explanation}): detector, trigger, the check passed, entropy of the secret part and the context
 * words that moved the confidence; no characters of the value.
 */
public record Evidence(String maskedSnippet, String fingerprint, String legacyFingerprint, Explanation why) {

    /** The fixed mask of a value that keeps no hint. */
    public static final String MASK = "********";

    public Evidence(String maskedSnippet, String fingerprint) {
        this(maskedSnippet, fingerprint, null, null);
    }

    public Evidence(String maskedSnippet, String fingerprint, String legacyFingerprint) {
        this(maskedSnippet, fingerprint, legacyFingerprint, null);
    }

    /**
     * Legacy fingerprint scheme (before keyed fingerprints): hex SHA-256 of {@code salt || 0x00 || UTF-8(secret)}.
     * Anyone who knows the salt can test guesses against it; kept only to re-key stored findings.
     */
    public static String hash(CharSequence secret, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update((byte) 0);
            md.update(secret.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex HMAC-SHA256 of {@code UTF-8(secret)} under {@code key}. */
    public static String hmac(CharSequence secret, byte[] key) {
        return HexFormat.of().formatHex(hmacBytes(key, secret.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Raw HMAC-SHA256 of {@code data} under {@code key} (an empty key is allowed and means "unkeyed", for tests). */
    public static byte[] hmacBytes(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Masks a detected value of the given category and type (see the class comment). Never shows the length. */
    public static String mask(CharSequence value, Category category, String type) {
        String v = value.toString();
        if (category == Category.CUSTOM) {
            return MASK;
        }
        if (category == Category.PII) {
            switch (type) {
                case "CREDIT_CARD" -> {
                    String digits = v.replaceAll("[^0-9]", "");
                    return digits.length() >= 12 ? "****" + digits.substring(digits.length() - 4) : MASK;
                }
                case "EMAIL_ADDRESS" -> {
                    int at = v.lastIndexOf('@');
                    return at > 0 && at < v.length() - 1 ? "****@" + v.substring(at + 1).toLowerCase(Locale.ROOT) : MASK;
                }
                case "IBAN_CODE" -> {
                    return v.length() >= 2 && Character.isLetter(v.charAt(0)) && Character.isLetter(v.charAt(1))
                            ? v.substring(0, 2).toUpperCase(Locale.ROOT) + MASK : MASK;
                }
                default -> {
                    return MASK;
                }
            }
        }
        return v.length() >= 20 ? v.substring(0, 4) + MASK : MASK;
    }

    static final int CONTEXT = 24;

    /** A detected span with its type, to be masked where it shows in another match's snippet. */
    record Span(int start, int end, String type) {
    }

    /** Detected spans sorted by start, searchable by position (a snippet looks only at the spans near it). */
    static final class Spans {
        private final Span[] spans;
        private final int maxLength;

        Spans(java.util.List<Span> list) {
            spans = list.toArray(new Span[0]);
            java.util.Arrays.sort(spans, java.util.Comparator.comparingInt(Span::start));
            int max = 0;
            for (Span s : spans) {
                max = Math.max(max, s.end() - s.start());
            }
            maxLength = max;
        }

        /** Index of the first span that may end after {@code pos} (every earlier one ends at or before it). */
        int firstReaching(int pos) {
            int key = pos - maxLength;
            int lo = 0;
            int hi = spans.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (spans[mid].start() < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * Builds the snippet of the match {@code [matchStart, matchEnd)} whose secret is {@code [secretStart, secretEnd)}:
     * context on each side with {@code others} (every detected span of the text, sorted by start; the match itself
     * may be among them) masked, the secret masked with {@code masked}.
     */
    static String snippet(CharSequence text, int matchStart, int matchEnd, int secretStart, int secretEnd,
            String masked, Spans others) {
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
        contextInto(sb, text, from, secretStart, from, to, secretStart, secretEnd, others);
        sb.append(masked);
        contextInto(sb, text, secretEnd, to, from, to, secretStart, secretEnd, others);
        return sb.toString();
    }

    /** Context {@code [from, to)} with other detected spans (not the secret itself) masked. */
    private static void contextInto(StringBuilder sb, CharSequence text, int from, int to, int outerFrom, int outerTo,
            int secretStart, int secretEnd, Spans others) {
        int i = from;
        for (int k = others.firstReaching(from); k < others.spans.length; k++) {
            Span s = others.spans[k];
            if (s.end() <= i || s.start() >= to) {
                if (s.start() >= to) {
                    break;
                }
                continue;
            }
            if (s.start() >= secretStart && s.end() <= secretEnd) {
                continue; // inside the secret, which is masked anyway
            }
            int a = Math.max(i, s.start());
            int b = Math.min(to, s.end());
            redactInto(sb, text, i, a, outerFrom, outerTo);
            sb.append('[').append(s.type()).append(']');
            i = b;
        }
        redactInto(sb, text, i, to, outerFrom, outerTo);
    }

    /** Copies text: digits become '#', secret-like tokens a fixed "######". */
    private static void redactInto(StringBuilder sb, CharSequence text, int from, int to, int outerFrom, int outerTo) {
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
                boolean cut = (i == outerFrom && i > 0 && isTok(text.charAt(i - 1)))
                        || (j == outerTo && j < text.length() && isTok(text.charAt(j)));
                if ((j - i >= 6 && digit) || cut || j - i >= 20) {
                    sb.append("######");
                } else {
                    for (int k = i; k < j; k++) {
                        char t = text.charAt(k);
                        sb.append(Character.isDigit(t) ? '#' : t);
                    }
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
