package dev.canopy.dlp.validate;

import java.util.Base64;
import java.util.Locale;

/** Checksums and cheap structural checks used by validators. All methods are allocation-light. */
public final class Checks {
    private Checks() {
    }

    public static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Shannon entropy (bits per char) over the characters of {@code s}. */
    public static double shannonEntropy(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return 0;
        }
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (other == null) {
                    other = new java.util.HashMap<>();
                }
                other.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        if (other != null) {
            for (int c : other.values()) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    /** Luhn check over the digits of {@code s} (other chars ignored); false when fewer than 2 digits. */
    public static boolean luhn(CharSequence s) {
        int sum = 0;
        int count = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if ((count & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            count++;
        }
        return count >= 2 && sum % 10 == 0;
    }

    /** ISO 13616 IBAN check: move the first 4 chars to the end, letters to numbers, mod 97 == 1. */
    public static boolean ibanMod97(CharSequence compactUpper) {
        int n = compactUpper.length();
        if (n < 5) {
            return false;
        }
        int rem = 0;
        for (int k = 0; k < n; k++) {
            char c = compactUpper.charAt((k + 4) % n);
            if (isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    private static final int[][] VERHOEFF_D = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] VERHOEFF_P = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    /** Verhoeff check over the digits of {@code s} (Aadhaar). */
    public static boolean verhoeff(CharSequence s) {
        int c = 0;
        int pos = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char ch = s.charAt(i);
            if (!isDigit(ch)) {
                continue;
            }
            c = VERHOEFF_D[c][VERHOEFF_P[pos % 8][ch - '0']];
            pos++;
        }
        return pos > 1 && c == 0;
    }

    /** German Steuer-IdNr: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit, one digit repeated 2-3 times. */
    public static boolean germanTaxId(String digits) {
        if (digits.length() != 11 || digits.charAt(0) == '0') {
            return false;
        }
        int[] freq = new int[10];
        for (int i = 0; i < 10; i++) {
            freq[digits.charAt(i) - '0']++;
        }
        int repeated = 0;
        int missing = 0;
        for (int f : freq) {
            if (f >= 2) {
                repeated++;
                if (f > 3) {
                    return false;
                }
            }
            if (f == 0) {
                missing++;
            }
        }
        if (repeated != 1 || missing < 1 || missing > 2) {
            return false;
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (digits.charAt(i) - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == digits.charAt(10) - '0';
    }

    /** US SSN validity rules: area not 000/666/9xx, group not 00, serial not 0000, not a famous sample number. */
    public static boolean ssnValid(String nineDigits) {
        if (nineDigits.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(nineDigits.substring(0, 3));
        int group = Integer.parseInt(nineDigits.substring(3, 5));
        int serial = Integer.parseInt(nineDigits.substring(5));
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        if (distinctCharsAtMost(nineDigits, 1)) {
            return false;
        }
        return !nineDigits.equals("123456789") && !nineDigits.equals("078051120") && !nineDigits.equals("219099999");
    }

    public static String digitsOnly(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    /**
     * True for values that look like placeholders rather than secrets: template variables, angle-bracket
     * placeholders, repeated chars, obvious words.
     */
    public static boolean isPlaceholder(CharSequence v) {
        String s = v.toString();
        String l = s.toLowerCase(Locale.ROOT);
        if (s.startsWith("${") || s.startsWith("{{") || s.startsWith("<") || s.startsWith("%(") || s.startsWith("$(")
                || s.startsWith("#{") || s.startsWith("%") && s.endsWith("%") || s.startsWith("$")
                || s.startsWith("process.env") || s.startsWith("os.environ") || s.startsWith("env.")
                || s.startsWith("os.getenv") || s.startsWith("system.getenv")) {
            return true;
        }
        // references to a secret store, not the secret: ref+awsssm://…, vault:…, arn:aws:secretsmanager:…
        if (l.startsWith("ref+") || l.startsWith("vault:") || l.startsWith("arn:") || l.startsWith("secretref:")
                || l.startsWith("@microsoft.keyvault") || l.startsWith("/run/secrets/") || l.contains("://")) {
            return true;
        }
        if (distinctCharsAtMost(s, 2)) {
            return true;
        }
        for (String w : PLACEHOLDER_WORDS) {
            if (l.contains(w)) {
                return true;
            }
        }
        for (String w : PLACEHOLDER_SHORT_WORDS) {
            for (int i = l.indexOf(w); i >= 0; i = l.indexOf(w, i + 1)) {
                int j = i + w.length();
                if ((i == 0 || !Character.isLetter(l.charAt(i - 1))) && (j == l.length() || !Character.isLetter(l.charAt(j)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code s} has at most {@code k} distinct chars ("0000", "abab"); a loop, not {@code chars().distinct()}
     * (a boxed hash set per call, on every confirmed candidate of a scan).
     */
    public static boolean distinctCharsAtMost(CharSequence s, int k) {
        char[] seen = new char[k];
        int n = 0;
        outer:
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            for (int j = 0; j < n; j++) {
                if (seen[j] == c) {
                    continue outer;
                }
            }
            if (n == k) {
                return false;
            }
            seen[n++] = c;
        }
        return true;
    }

    private static final String[] PLACEHOLDER_WORDS = {"example", "changeme", "change_me", "your_", "your-",
        "yourpassword", "xxxx", "****", "placeholder", "dummy", "redacted", "sample", "<", ">", "...", "password",
        "secret", "token", "notreal", "not_real", "insert", "replace", "foobar", "1234567890", "abcdef", "undefined"};
    /**
     * Words short enough to occur by chance in a random token (a 4-letter word about once in 30 000 40-char tokens
     * each): placeholders only as words of their own ({@code null}, {@code TODO-fill-me}, {@code my_fake_key}).
     */
    private static final String[] PLACEHOLDER_SHORT_WORDS = {"null", "none", "true", "false", "todo", "fake"};

    /**
     * Documented example credentials, allowlisted by value as gitleaks does (its AWS rule drops {@code .+EXAMPLE$}):
     * vendor documentation marks its sample keys with an upper-case {@code EXAMPLE} (AWS's
     * {@code AKIAIOSFODNN7EXAMPLE} and {@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}).
     */
    public static boolean isDocumentedExample(CharSequence v) {
        return v.toString().contains("EXAMPLE");
    }

    /**
     * 0 for documented example credentials (dropped), a lower confidence for other documentation-looking samples
     * ({@code example}, {@code test}, runs of x or 0), 1 otherwise.
     */
    public static double exampleFactor(CharSequence v) {
        if (isDocumentedExample(v)) {
            return 0;
        }
        String l = v.toString().toLowerCase(Locale.ROOT);
        return l.contains("example") || l.contains("xxxxxxxx") || l.contains("00000000") || l.contains("test")
                ? 0.4 : 1.0;
    }

    /** Only ASCII letters and {@code _ . -}: a word or word pair such as {@code when-after}, not a generated secret. */
    public static boolean lettersAndSeparatorsOnly(CharSequence v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Base64/base64url decode or null. */
    public static byte[] base64(String s) {
        try {
            String t = s.replace('-', '+').replace('_', '/');
            while (t.length() % 4 != 0) {
                t += "=";
            }
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean hasMixedClasses(CharSequence s, int minClasses) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int n = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        return n >= minClasses;
    }
}
