package dev.canopy.dlp.builtin;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.canopy.dlp.TokenRecognizer.Found;
import dev.canopy.dlp.validate.Checks;

/**
 * Phone numbers in number tokens: shapes that are something else (dates, versions, IPv4, SSN, card and Aadhaar
 * groupings, postcodes before a number) are rejected, then libphonenumber decides (international numbers with a
 * "(0)" trunk prefix read without it; national numbers tried against {@link #REGIONS}). A bare digit run needs a cue
 * word just before or after it.
 */
final class PhoneRecognizer {
    private PhoneRecognizer() {
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    static final String[] REGIONS = {"US", "GB", "DE", "FR", "IN", "AU", "CA", "BR", "IT", "ES", "NL", "BE",
        "CH", "AT", "SE", "DK", "NO", "FI", "PL", "IE", "PT", "IL", "ZA", "JP", "MX", "RU", "HU", "CZ",
        // the Danish realm's six-digit plans (Greenland, the Faroe Islands), read only after a phone label
        "GL", "FO"};

    /** Words that, right before a bare digit run, say it is a phone number ("Phone: 4155552671"). */
    private static final String[] PHONE_CUES = {"phone", "tel", "mobile", "cell", "call", "fax", "whatsapp", "sms",
        "dial", "ring", "contact"};
    /**
     * Words that, right after a bare digit run, label it a phone number ("4155552671 (fax)", "2025550143-Office"):
     * the cues above and "office", which before a number is more often a room or an office id.
     */
    private static final String[] PHONE_CUES_AFTER = cuesAnd("office");
    /**
     * Before a bare digit run: the cues and "my registered" ("no message on my registered 0133226668"), a person's
     * number; "registered" alone is as often a count ("registered 2500000 events").
     */
    private static final String[] PHONE_CUES_BEFORE = cuesAnd("my registered");

    private static String[] cuesAnd(String cue) {
        String[] cues = java.util.Arrays.copyOf(PHONE_CUES, PHONE_CUES.length + 1);
        cues[PHONE_CUES.length] = cue;
        return cues;
    }

    static Found phone(String text, int s, int e) {
        // tokens of six digits (ids, counts, dates, page numbers in links) come here by the thousand per MiB: the
        // label test first, before anything else
        if (e - s <= SIX_DIGITS_SPAN && digitsIn(text, s, e) == 6 && !labelRightBefore(text, s)
                && !labelRightAfter(text, e)) {
            return null;
        }
        if (PiiDetectors.ipv4(text, s, e) != null || (e + 1 < text.length() && text.charAt(e) == ':' && PiiDetectors.ipv4(text, s, e) != null)) {
            return null;
        }
        // "2015-12-22 04:34:22": a trailing group followed by ':' + digit is a time, not part of a number
        if (e + 1 < text.length() && text.charAt(e) == ':' && Checks.isDigit(text.charAt(e + 1))) {
            int k = e - 1;
            while (k > s && Checks.isDigit(text.charAt(k))) {
                k--;
            }
            while (k > s && !Checks.isDigit(text.charAt(k))) {
                k--;
            }
            if (k <= s) {
                return null;
            }
            e = k + 1;
        }
        Groups g = Groups.of(text, s, e);
        if (g == null || g.count() == 0) {
            return null;
        }
        if (g.count() == 4 && g.separatorsOnly(".") && Checks.isDigit(text.charAt(s))) {
            return null; // IPv4 shape ("192.168.33.8:26700" reaches here cut before its port)
        }
        if (g.count() == 2 && g.sepBefore()[1] == '.' && g.len(1) <= 2) {
            return null; // a decimal number: 3976663.53
        }
        if (g.count() == 1 && text.charAt(s) != '+' && text.charAt(s) != '(' && !PiiDetectors.cueBefore(text, s, PHONE_CUES_BEFORE)
                && !cueAfter(text, e, PHONE_CUES_AFTER)) {
            return null; // a bare digit run is an id, count or timestamp unless the text says it is a phone number
        }
        int first = 0;
        // a parenthesis inside the token starts a new number unless it follows a +country code: "34796 (37) 788-063"
        for (int i = 1; i < g.count(); i++) {
            if (g.sepBefore()[i] == '(' && text.charAt(g.start()[0] > s ? s : g.start()[0]) != '+') {
                boolean afterCountryCode = i == 1 && s < g.start()[0] && text.charAt(s) == '+';
                if (!afterCountryCode) {
                    first = i;
                }
            }
        }
        // a leading 5+ digit group (postcode) directly before a number: "70651 082 490 1693"
        if (first == 0 && g.count() > 2 && g.len(0) >= 5 && text.charAt(g.start()[0]) != '0' && s == g.start()[0]) {
            first = 1;
        }
        int cs = first == 0 ? s : g.start()[first] - (text.charAt(g.start()[first] - 1) == '(' ? 1 : 0);
        int digits = 0;
        for (int i = first; i < g.count(); i++) {
            digits += g.len(i);
        }
        if (digits < 6 || digits > 15) {
            return null;
        }
        if (digits == 6 && !sixDigitPhone(text, cs, e, g, first)) {
            return null;
        }
        for (int i = first + 1; i < g.count(); i++) {
            // a one-digit group after the first is a version or list number ("4.2.1"), except "(0)" trunk prefixes
            // and area codes right after a +country code ("+33 1 23 45 67 89")
            boolean afterCountryCode = i == first + 1 && text.charAt(first == 0 ? s : g.start()[first]) == '+';
            // "+46 (0)8 123 456 78": the area code after a "(0)" trunk prefix
            boolean afterTrunk = i >= 2 && g.sepBefore()[i] == ')' && g.len(i - 1) == 1 && g.sepBefore()[i - 1] == '('
                    && text.charAt(g.start()[i - 1]) == '0';
            if (g.len(i) == 1 && g.sepBefore()[i] != '(' && !afterCountryCode && !afterTrunk) {
                return null;
            }
        }
        String cand = text.substring(cs, e);
        int slash = cand.indexOf('/');
        boolean areaCodeSlash = false;
        if (slash >= 0) {
            // "030/12345678", "1/234-5678": area code and number split by one slash (German, Austrian and Hungarian
            // notation), read only after a phone cue and with the slash right after the first group; any other
            // slash is a path, a date or a ratio
            if (cand.indexOf('/', slash + 1) >= 0 || first != 0 || g.len(0) > 5
                    || g.sepBefore()[1] != '/' || !PiiDetectors.cueBefore(text, cs, PHONE_CUES)) {
                return null;
            }
            int afterSlash = g.start()[1];
            if (g.len(0) <= 2 && g.len(1) == 4 && (text.startsWith("19", afterSlash) || text.startsWith("20", afterSlash))) {
                return null; // a month and year: "12/2023"
            }
            areaCodeSlash = true;
            cand = cand.replace('/', ' ');
        }
        // libphonenumber does not read an international number with the national trunk prefix "(0)" in it
        String parseable = cand.charAt(0) == '+' ? cand.replace("(0)", "") : cand;
        int groups = g.count() - first;
        // shapes that are something else: dates, IPv4, SSN
        for (int i = first; i + 2 < g.count(); i++) {
            int a = g.len(i);
            int b = g.len(i + 1);
            int c = g.len(i + 2);
            boolean dateSep = g.sepBefore()[i + 1] != ' ' && g.sepBefore()[i + 1] == g.sepBefore()[i + 2];
            if (dateSep && ((a == 4 && b == 2 && c == 2) || (a == 2 && b == 2 && c == 4))) {
                return null; // contains a date
            }
        }
        if (groups >= 3 && first == 0) {
            int a = g.len(0);
            int b = g.len(1);
            int c = g.len(2);
            if (groups == 3 && a == 3 && b == 2 && c == 4 && g.sepBefore()[1] == '-') {
                return null; // SSN shape, not used by any numbering plan we accept without context
            }
        }
        if (groups == 4 && g.separatorsOnly(".") && first == 0 && text.charAt(s) != '+') { // "+1.415.555.2671" is one
            return null;
        }
        if (groups == 3 && first == 0 && g.len(0) == 4 && g.len(1) == 4 && g.len(2) == 4 && !areaCodeSlash
                && text.charAt(s) != '+') { // "+4420 7496 0978": a country code written against the area code
            return null; // 4-4-4: Aadhaar / card shape, not a numbering plan's
        }
        char c00 = text.charAt(s);
        if (first == 0 && c00 != '+' && c00 != '(') {
            boolean dot = false;
            boolean space = false;
            for (int i = 1; i < g.count(); i++) {
                dot |= g.sepBefore()[i] == '.';
                space |= g.sepBefore()[i] == ' ';
            }
            if (dot && space) {
                return null; // "2.90.551 1115": a version followed by another number
            }
            if (dot && (g.len(0) == 4 || g.len(0) == 8) && (text.startsWith("19", s) || text.startsWith("20", s))) {
                return null; // "2023.10.297": a date-based build or version number
            }
        }
        if (g.count() - first == 1 && cand.charAt(0) != '+' && digits > 11) {
            return null;
        }
        boolean grouped = first == 0 && thousandsGroups(text, s, g);
        if (currencyNextTo(text, cs, e) || (grouped && decimalTail(text, e, g.sepBefore()[1]))) {
            return null; // an amount: "EUR 1.234.567,89", "2.345.678 €", "104 550 266,69"
        }
        // a count or amount in thousands ("1.234.567", "12 345 678"); after three digits a space also groups the
        // 3-3-3 of Polish, Portuguese and Czech numbers ("512 345 678")
        boolean thousands = grouped && (g.sepBefore()[1] != ' ' || g.len(0) <= 2 || countedNoun(text, e));
                double conf;
        try {
            if (cand.charAt(0) == '+') {
                Phonenumber.PhoneNumber pn = PhoneParse.parse(parseable, "ZZ");
                conf = PhoneValidity.isValidNumber(pn) ? 0.7 : PHONES.isPossibleNumber(pn) ? 0.45 : 0.0;
            } else {
                boolean valid = false;
                boolean possible = false;
                for (String r : REGIONS) {
                    Phonenumber.PhoneNumber pn;
                    try {
                        pn = PhoneParse.parse(cand, r);
                    } catch (NumberParseException notInThisRegion) {
                        // e.g. Australia's exit code 0011 reads "001-467-…" as an unknown country code: this region
                        // does not read it, the others may (an exception here used to end the whole search)
                        continue;
                    }
                    if (PhoneValidity.isValidNumberForRegion(pn, r)) {
                        valid = true;
                        break;
                    }
                    if (!possible) {
                        PhoneNumberUtil.ValidationResult vr = PHONES.isPossibleNumberWithReason(pn);
                        possible = vr == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
                                || vr == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY;
                    }
                }
                char c0 = cand.charAt(0);
                // a bare digit run (one group) needs a context word even with a leading 0: "0799703" is a commit
                // a count or amount in thousands ("1.234.567", "12 345 678") needs one too
                boolean strongShape = !thousands && (groups >= 3 || c0 == '(' || (c0 == '0' && groups >= 2));
                // two groups without trunk prefix or parentheses, or a bare digit run: needs a context word
                conf = valid ? (strongShape ? 0.5 : 0.2) : possible ? 0.2 : 0.0;
            }
        } catch (NumberParseException ex) {
            return null;
        }
        if (conf <= 0) {
            return null;
        }
        return new Found(cs, e, conf);
    }

    /**
     * Grouped by thousands: 1–3 digits (no trunk 0), then groups of exactly three after one separator, the same each
     * time: '.', ',', '\'' or a blank.
     */
    static boolean thousandsGroups(String text, int s, Groups g) {
        if (g.count() < 3 || g.len(0) > 3 || text.charAt(s) == '0' || g.start()[0] != s) {
            return false;
        }
        char sep = g.sepBefore()[1];
        if (sep != '.' && sep != ',' && sep != '\'' && !isBlank(sep)) {
            return false;
        }
        for (int i = 1; i < g.count(); i++) {
            if (g.len(i) != 3 || g.sepBefore()[i] != sep || g.start()[i] - g.end()[i - 1] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * A lower-case word of three letters or more right after the number, other than a phone cue or an extension: what
     * was counted ("227 065 066 requests"); a phone number is followed by a label, a bracket or punctuation.
     */
    private static boolean countedNoun(String text, int e) {
        if (e + 3 >= text.length() || text.charAt(e) != ' ' || !Character.isLowerCase(text.charAt(e + 1))) {
            return false;
        }
        int w = e + 1;
        while (w < text.length() && w - e <= 16 && Character.isLetter(text.charAt(w))) {
            w++;
        }
        return w - e - 1 >= 3 && !text.startsWith("ext", e + 1) && !cueAfter(text, e, PHONE_CUES_AFTER);
    }

    /** A decimal part right after a thousands-grouped number: ",89" after '.' groups, ".50" after ',' or '\''. */
    private static boolean decimalTail(String text, int e, char groupSep) {
        if (e + 1 >= text.length()) {
            return false;
        }
        char c = text.charAt(e);
        if (c == groupSep || (c != ',' && c != '.') || !Checks.isDigit(text.charAt(e + 1))) {
            return false;
        }
        int d = e + 1;
        while (d < text.length() && Checks.isDigit(text.charAt(d)) && d - e <= 3) {
            d++;
        }
        return d - e - 1 <= 2 && (d == text.length() || !Checks.isDigit(text.charAt(d)));
    }

    private static final String CURRENCY_SIGNS = "€$£¥₹₽₩₺₫₪฿";
    private static final java.util.Set<String> CURRENCY_CODES = java.util.Set.of("EUR", "USD", "GBP", "CHF", "JPY",
            "CNY", "INR", "BRL", "VND", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RUB", "TRY", "MXN", "CAD", "AUD",
            "NZD", "ZAR", "SGD", "HKD", "KRW", "IDR", "THB", "ILS", "AED", "SAR", "RON", "BGN", "UAH", "ARS", "CLP",
            "COP", "PEN", "PHP", "MYR", "NGN", "EGP", "KES");

    /** A currency sign or ISO 4217 code right before or after {@code [s, e)}, at most one blank between. */
    static boolean currencyNextTo(String text, int s, int e) {
        int b = s > 0 && isBlank(text.charAt(s - 1)) ? s - 1 : s;
        if (b > 0 && CURRENCY_SIGNS.indexOf(text.charAt(b - 1)) >= 0) {
            return true;
        }
        if (b >= 3 && (b == 3 || !Character.isLetter(text.charAt(b - 4))) && CURRENCY_CODES.contains(text.substring(b - 3, b))) {
            return true;
        }
        int a = e < text.length() && isBlank(text.charAt(e)) ? e + 1 : e;
        if (a < text.length() && CURRENCY_SIGNS.indexOf(text.charAt(a)) >= 0) {
            return true;
        }
        return a + 3 <= text.length() && (a + 3 == text.length() || !Character.isLetter(text.charAt(a + 3)))
                && CURRENCY_CODES.contains(text.substring(a, a + 3));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\u00a0' || c == '\u202f';
    }

    /** The longest token of six digits in a plan's shape: "+(299) 86 12 45" is the most a label comes with. */
    private static final int SIX_DIGITS_SPAN = 16;
    /** The first letters of {@link #PHONE_CUES_AFTER} (a superset of the cues'), one bit per letter a..z. */
    private static final int CUE_INITIALS = initials(PHONE_CUES_AFTER);

    private static int initials(String[] cues) {
        int bits = 0;
        for (String cue : cues) {
            bits |= 1 << (cue.charAt(0) - 'a');
        }
        return bits;
    }

    /** The digits in {@code text[s, e)}, counted up to 7. */
    private static int digitsIn(String text, int s, int e) {
        int digits = 0;
        for (int i = s; i < e && digits < 7; i++) {
            digits += Checks.isDigit(text.charAt(i)) ? 1 : 0;
        }
        return digits;
    }

    /**
     * Six digits are as often an id, a count or a date as a phone number of a six-digit plan ("86 12 45" in Greenland),
     * so they are one only where a phone label is the word right before them ("Phone: 86 12 45", "Telephone 861245",
     * "my registered 86 12 45") or follows them ("86 12 45-Fax"), in groups of two or more digits split by spaces or
     * dashes, and never a year and month ("2023-10").
     */
    private static boolean sixDigitPhone(String text, int cs, int e, Groups g, int first) {
        for (int i = first; i < g.count(); i++) {
            if (g.len(i) < 2 || i > first && g.sepBefore()[i] != ' ' && g.sepBefore()[i] != '-') {
                return false; // the plans' own shapes ("86 12 45", "861245", "321-456"); "4.82.744" is a version
            }
            if (g.count() - first == 2 && g.len(i) == 4
                    && (text.startsWith("19", g.start()[i]) || text.startsWith("20", g.start()[i]))) {
                return false; // a year and a month
            }
        }
        return labelRightBefore(text, cs) || labelRightAfter(text, e);
    }

    /**
     * Whether the word right after {@code e} (with at most two chars of " -(" between) starts with a phone cue or
     * "office" ("86 12 45-Fax", "86 12 45 (office)"); a link's text after its URL ({@code 769748">phone}) is not one.
     */
    static boolean labelRightAfter(String text, int e) {
        int k = e;
        while (k < text.length() && k - e < 2 && " -(".indexOf(text.charAt(k)) >= 0) {
            k++;
        }
        int w = k;
        while (w < text.length() && Character.isLetter(text.charAt(w))) {
            w++;
        }
        return wordStartsWithCue(text, k, w, PHONE_CUES_AFTER);
    }

    /**
     * Whether the word right before {@code s} (with at most three chars of spaces, line breaks and punctuation between:
     * a form's label may end the line before) starts with a phone cue ("Phone:", "Tel.", "Telephone"), or "my
     * registered" is right before it.
     */
    static boolean labelRightBefore(String text, int s) {
        int k = s;
        while (k > 0 && s - k < 3 && " \t\r\n:.#-".indexOf(text.charAt(k - 1)) >= 0) {
            k--;
        }
        int w = k;
        while (w > 0 && Character.isLetter(text.charAt(w - 1))) {
            w--;
        }
        if (k - w == 10 && text.regionMatches(true, w, "registered", 0, 10)) {
            return w >= 3 && text.regionMatches(true, w - 3, "my ", 0, 3);
        }
        return wordStartsWithCue(text, w, k, PHONE_CUES);
    }

    /** Whether the word {@code text[w, k)} starts with one of {@code cues} (lower case), without allocating. */
    private static boolean wordStartsWithCue(String text, int w, int k, String[] cues) {
        if (k - w < 3) {
            return false; // every cue has three letters or more
        }
        int first = Character.toLowerCase(text.charAt(w)) - 'a';
        if (first < 0 || first > 25 || (CUE_INITIALS >>> first & 1) == 0) {
            return false;
        }
        for (String cue : cues) {
            if (k - w >= cue.length() && text.regionMatches(true, w, cue, 0, cue.length())) {
                return true;
            }
        }
        return false;
    }

    /** One of {@code words} (lower case) as a whole word within the 12 chars after {@code e} ("4155552671 (fax)"). */
    static boolean cueAfter(String text, int e, String[] words) {
        String after = text.substring(e, Math.min(text.length(), e + 12)).toLowerCase(java.util.Locale.ROOT);
        for (String w : words) {
            int i = after.indexOf(w);
            int j = i + w.length();
            if (i >= 0 && (i == 0 || !Character.isLetter(after.charAt(i - 1)))
                    && (j == after.length() || !Character.isLetter(after.charAt(j)))) {
                return true;
            }
        }
        return false;
    }
}
