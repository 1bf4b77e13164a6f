package dev.canopy.dlp.builtin;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.canopy.dlp.Category;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.Severity;
import dev.canopy.dlp.TokenRecognizer;
import dev.canopy.dlp.TokenRecognizer.Found;
import dev.canopy.dlp.TokenRecognizer.Kind;
import dev.canopy.dlp.validate.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in personal-data recognizers. They are fed by the engine's character-class triggers (no regex pass over
 * the text) and validate with checksums and structural rules; context words nearby raise confidence.
 */
public final class PiiDetectors {
    private PiiDetectors() {
    }

    private static Detector.Builder pii(String id, String type, String title, Severity sev, double conf) {
        return Detector.builder(id).category(Category.PII).type(type).title(title).severity(sev).confidence(conf);
    }

    public static List<Detector> all() {
        List<Detector> l = new ArrayList<>();
        l.add(pii("email", "EMAIL_ADDRESS", "Email address", Severity.LOW, 0.85)
                .check("email-shape").recognizer(Kind.AT_SIGN, PiiDetectors::personalEmail).contextPlus("email", "e-mail", "mail", "contact").build());
        l.add(pii("email-role-mailbox", "EMAIL_ROLE_ADDRESS", "Role or distribution mailbox (noreply@, sre-team@ …)",
                Severity.LOW, 0.5).check("role-mailbox-names").recognizer(Kind.AT_SIGN, PiiDetectors::roleMailbox).offByDefault().build());
        l.add(pii("credit-card", "CREDIT_CARD", "Payment card number (Luhn)", Severity.HIGH, 0.6)
                .check("luhn").recognizer(Kind.NUMBER, PiiDetectors::card)
                .contextPlus("card", "credit", "visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro",
                        "payment", "pan ", "cc#", "cc ", "cvv", "expiry")
                .build());
        l.add(pii("phone-number", "PHONE_NUMBER", "Phone number (libphonenumber)", Severity.LOW, 0.4)
                .check("libphonenumber").recognizer(Kind.NUMBER, PiiDetectors::phone)
                .contextPlus("phone", "tel", "mobile", "cell", "fax", "call", "office", "contact", "whatsapp", "sms",
                        "registered", "dial", "ring")
                // street addresses, licences and other numbered things that look like local numbers
                .contextMinus("address", "street", " st ", " st.", "avenue", " ave", "road", "lane", "rue ", "court",
                        "suite", "apt", "drive", "blvd", "boulevard", "return to", "sent to", "license", "licence",
                        "passport", "zip", "postal", "po box", "invoice", "order", "ticket", "version", "release",
                        "build", "po ")
                .build());
        l.add(pii("us-ssn", "US_SSN", "US social security number", Severity.HIGH, 0.6)
                .check("ssn-area-group-serial").recognizer(Kind.NUMBER, PiiDetectors::ssn)
                .contextPlus("ssn", "social security", "social-security", "ssns", "ssid").build());
        l.add(pii("ip-address", "IP_ADDRESS", "IP address (v4)", Severity.LOW, 0.6)
                .check("ipv4-public-range").recognizer(Kind.NUMBER, PiiDetectors::publicIpv4)
                .contextPlus("ip", "address", "host", "server", "client", "addr").build());
        l.add(pii("ip-address-private", "PRIVATE_IP_ADDRESS",
                "Private, loopback, link-local, documentation or reserved IPv4 address", Severity.LOW, 0.4)
                .check("ipv4-reserved-range").recognizer(Kind.NUMBER, PiiDetectors::nonPublicIpv4)
                .contextPlus("ip", "address", "host", "server", "client", "addr").contextMinus("version")
                .offByDefault().build());
        l.add(pii("ipv6-address", "IP_ADDRESS", "IP address (v6)", Severity.LOW, 0.6)
                .check("ipv6-shape").recognizer(Kind.COLON, PiiDetectors::ipv6).contextPlus("ip", "address", "host", "addr").build());
        l.add(pii("iban", "IBAN_CODE", "IBAN (mod-97)", Severity.MEDIUM, 0.8)
                .check("iban-mod97").recognizer(Kind.LETTERS_DIGITS, PiiDetectors::iban).contextPlus("iban", "bank", "account", "transfer")
                .build());
        l.add(pii("uk-nino", "UK_NINO", "UK National Insurance number", Severity.MEDIUM, 0.5)
                .check("nino-prefix-rules").recognizer(Kind.LETTERS_DIGITS, PiiDetectors::nino).contextPlus("national insurance", "nino", "ni number", "ni no")
                .build());
        l.add(pii("in-pan", "IN_PAN", "Indian PAN", Severity.MEDIUM, 0.4)
                .check("pan-shape").recognizer(Kind.LETTERS_DIGITS, PiiDetectors::pan).contextPlus("pan", "permanent account", "income tax")
                .build());
        l.add(pii("in-aadhaar", "IN_AADHAAR", "Indian Aadhaar number (Verhoeff)", Severity.HIGH, 0.3)
                .check("verhoeff").recognizer(Kind.NUMBER, PiiDetectors::aadhaar).contextPlus("aadhaar", "aadhar", "uidai", "uid")
                .build());
        l.add(pii("de-tax-id", "DE_TAX_ID", "German tax identification number (Steuer-IdNr)", Severity.MEDIUM, 0.25)
                .check("iso7064-mod11-10").recognizer(Kind.NUMBER, PiiDetectors::germanTaxId)
                .contextPlus("steuer", "idnr", "tax id", "identifikationsnummer", "tin").build());
        return l;
    }

    /** One of {@code words} (lower case) as a whole word within the 20 chars before {@code s}. */
    static boolean cueBefore(String text, int s, String[] words) {
        String before = text.substring(Math.max(0, s - 20), s).toLowerCase(java.util.Locale.ROOT);
        for (String w : words) {
            int i = before.lastIndexOf(w);
            if (i >= 0 && (i == 0 || !Character.isLetter(before.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- email

    private static boolean localChar(char c) {
        return Checks.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean domainChar(char c) {
        return Checks.isAsciiAlnum(c) || c == '.' || c == '-';
    }

    static Found email(String text, int at, int atEnd) {
        int s = at;
        while (s > 0 && at - s < 64 && localChar(text.charAt(s - 1))) {
            s--;
        }
        while (s < at && text.charAt(s) == '.') {
            s++;
        }
        if (s == at || text.charAt(at - 1) == '.') {
            return null;
        }
        if (s > 0 && (text.charAt(s - 1) == ':' || text.charAt(s - 1) == '/')) {
            return null; // user:pass@host or a path: not an address
        }
        int e = at + 1;
        int n = text.length();
        while (e < n && e - at < 254 && domainChar(text.charAt(e))) {
            e++;
        }
        while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
            e--;
        }
        int lastDot = text.lastIndexOf('.', e - 1);
        if (lastDot <= at + 1) {
            return null;
        }
        int tld = e - lastDot - 1;
        if (tld < 2 || tld > 24) {
            return null;
        }
        for (int i = lastDot + 1; i < e; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return null;
            }
        }
        if (text.indexOf("..", at) >= 0 && text.indexOf("..", at) < e) {
            return null;
        }
        return new Found(s, e, 0.85);
    }

    /** Local-part words of role and distribution mailboxes (RFC 2142 and common team addresses). */
    private static final java.util.Set<String> ROLE_WORDS = java.util.Set.of("admin", "administrator", "root",
            "noreply", "donotreply", "support", "help", "helpdesk", "info", "contact", "sales", "billing", "security",
            "abuse", "postmaster", "hostmaster", "webmaster", "alerts", "alert", "notifications", "notification",
            "ops", "devops", "sre", "oncall", "team", "jobs", "careers", "press", "marketing", "legal", "privacy",
            "accounts", "finance", "service", "system", "mailer", "daemon", "noc", "it", "office", "reception");

    private static final java.util.Set<String> TEAM_SUFFIXES = java.util.Set.of("team", "oncall", "alerts", "support",
            "notifications", "helpdesk", "admins", "ops");

    /** True when the local part (before '@', any +tag dropped) names a role or a team rather than a person. */
    static boolean isRoleMailbox(String text, int start, int at) {
        String local = text.substring(start, at).toLowerCase(java.util.Locale.ROOT);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        String joined = local.replace("-", "").replace("_", "").replace(".", "");
        if (joined.equals("noreply") || joined.equals("donotreply") || joined.equals("mailerdaemon")) {
            return true;
        }
        // every part a role word ("sre-team", "it-helpdesk", "admin"), or a team suffix ("platform-oncall")
        String[] parts = local.split("[-_.]");
        boolean allRole = true;
        for (String part : parts) {
            allRole &= ROLE_WORDS.contains(part);
        }
        return allRole || (local.indexOf('-') > 0 && TEAM_SUFFIXES.contains(parts[parts.length - 1]));
    }

    static Found personalEmail(String text, int at, int atEnd) {
        Found f = email(text, at, atEnd);
        return f == null || isRoleMailbox(text, f.start(), at) ? null : f;
    }

    static Found roleMailbox(String text, int at, int atEnd) {
        Found f = email(text, at, atEnd);
        return f != null && isRoleMailbox(text, f.start(), at) ? new Found(f.start(), f.end(), 0.5) : null;
    }

    // ---------------------------------------------------------------- numbers

    /** Digit groups of a number token, with the separator before each group. */
    /** Last token's groups: the number recognizers all look at the same token, so compute it once. */
    private static final ThreadLocal<Object[]> LAST_GROUPS = ThreadLocal.withInitial(() -> new Object[4]);

    private record Groups(int[] start, int[] end, char[] sepBefore, int count, int digits) {
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

    private static boolean knownIin(String d) {
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p3 = Integer.parseInt(d.substring(0, 3));
        return d.charAt(0) == '4'                           // Visa
                || (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)   // Mastercard
                || p2 == 34 || p2 == 37                         // Amex
                || p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)    // Discover
                || (p4 >= 3528 && p4 <= 3589) || p4 == 2131 || p4 == 1800 // JCB
                || (p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 // Diners
                || p2 == 62                                     // UnionPay
                || p2 == 50 || (p2 >= 56 && p2 <= 69);          // Maestro
    }

    static Found card(String text, int s, int e) {
        if (text.charAt(s) == '(' || text.charAt(s) == '+') {
            return null;
        }
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits < 12 || g.digits > 19) {
            return null;
        }
        if (g.count > 1 && (!g.separatorsOnly(" -") || !g.uniformSeparator())) {
            return null;
        }
        for (int i = 0; i < g.count; i++) {
            if (g.count > 1 && (g.len(i) < 3 || g.len(i) > 6)) {
                return null;
            }
        }
        String d = Checks.digitsOnly(text.subSequence(s, e));
        if (!Checks.luhn(d) || d.chars().distinct().count() == 1) {
            return null;
        }
        double conf;
        if (d.length() >= 13 && knownIin(d)) {
            conf = 0.6;
        } else if (g.count == 1 && d.length() == 13) {
            return null; // 13 ungrouped digits outside the card ranges: an epoch timestamp in ms (1675296862319)
        } else {
            conf = 0.25; // needs a context word to be reported
        }
        return new Found(s, e, conf);
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String[] REGIONS = {"US", "GB", "DE", "FR", "IN", "AU", "CA", "BR", "IT", "ES", "NL", "BE",
        "CH", "AT", "SE", "DK", "NO", "FI", "PL", "IE", "PT", "IL", "ZA", "JP", "MX", "RU", "HU", "CZ"};

    /** Words that, right before a bare digit run, say it is a phone number ("Phone: 4155552671"). */
    private static final String[] PHONE_CUES = {"phone", "tel", "mobile", "cell", "call", "fax", "whatsapp", "sms",
        "dial", "ring", "contact"};

    static Found phone(String text, int s, int e) {
        if (ipv4(text, s, e) != null || (e + 1 < text.length() && text.charAt(e) == ':' && ipv4(text, s, e) != null)) {
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
        if (g == null || g.count == 0) {
            return null;
        }
        if (g.count == 4 && g.separatorsOnly(".") && Checks.isDigit(text.charAt(s))) {
            return null; // IPv4 shape ("192.168.33.8:26700" reaches here cut before its port)
        }
        if (g.count == 2 && g.sepBefore[1] == '.' && g.len(1) <= 2) {
            return null; // a decimal number: 3976663.53
        }
        if (g.count == 1 && text.charAt(s) != '+' && text.charAt(s) != '(' && !cueBefore(text, s, PHONE_CUES)) {
            return null; // a bare digit run is an id, count or timestamp unless the text says it is a phone number
        }
        int first = 0;
        // a parenthesis inside the token starts a new number unless it follows a +country code: "34796 (37) 788-063"
        for (int i = 1; i < g.count; i++) {
            if (g.sepBefore[i] == '(' && text.charAt(g.start[0] > s ? s : g.start[0]) != '+') {
                boolean afterCountryCode = i == 1 && s < g.start[0] && text.charAt(s) == '+';
                if (!afterCountryCode) {
                    first = i;
                }
            }
        }
        // a leading 5+ digit group (postcode) directly before a number: "70651 082 490 1693"
        if (first == 0 && g.count > 2 && g.len(0) >= 5 && text.charAt(g.start[0]) != '0' && s == g.start[0]) {
            first = 1;
        }
        int cs = first == 0 ? s : g.start[first] - (text.charAt(g.start[first] - 1) == '(' ? 1 : 0);
        int digits = 0;
        for (int i = first; i < g.count; i++) {
            digits += g.len(i);
        }
        if (digits < 7 || digits > 15) {
            return null;
        }
        for (int i = first + 1; i < g.count; i++) {
            // a one-digit group after the first is a version or list number ("4.2.1"), except "(0)" trunk prefixes
            // and area codes right after a +country code ("+33 1 23 45 67 89")
            boolean afterCountryCode = i == first + 1 && text.charAt(first == 0 ? s : g.start[first]) == '+';
            // "+46 (0)8 123 456 78": the area code after a "(0)" trunk prefix
            boolean afterTrunk = i >= 2 && g.sepBefore[i] == ')' && g.len(i - 1) == 1 && g.sepBefore[i - 1] == '('
                    && text.charAt(g.start[i - 1]) == '0';
            if (g.len(i) == 1 && g.sepBefore[i] != '(' && !afterCountryCode && !afterTrunk) {
                return null;
            }
        }
        String cand = text.substring(cs, e);
        if (cand.indexOf('/') >= 0) {
            return null;
        }
        // libphonenumber does not read an international number with the national trunk prefix "(0)" in it
        String parseable = cand.charAt(0) == '+' ? cand.replace("(0)", "") : cand;
        int groups = g.count - first;
        // shapes that are something else: dates, IPv4, SSN
        for (int i = first; i + 2 < g.count; i++) {
            int a = g.len(i);
            int b = g.len(i + 1);
            int c = g.len(i + 2);
            boolean dateSep = g.sepBefore[i + 1] != ' ' && g.sepBefore[i + 1] == g.sepBefore[i + 2];
            if (dateSep && ((a == 4 && b == 2 && c == 2) || (a == 2 && b == 2 && c == 4))) {
                return null; // contains a date
            }
        }
        if (groups >= 3 && first == 0) {
            int a = g.len(0);
            int b = g.len(1);
            int c = g.len(2);
            if (groups == 3 && a == 3 && b == 2 && c == 4 && g.sepBefore[1] == '-') {
                return null; // SSN shape, not used by any numbering plan we accept without context
            }
        }
        if (groups == 4 && g.separatorsOnly(".") && first == 0) {
            return null;
        }
        if (groups == 3 && first == 0 && g.len(0) == 4 && g.len(1) == 4 && g.len(2) == 4) {
            return null; // 4-4-4: Aadhaar / card shape, not a numbering plan's
        }
        char c00 = text.charAt(s);
        if (first == 0 && c00 != '+' && c00 != '(') {
            boolean dot = false;
            boolean space = false;
            for (int i = 1; i < g.count; i++) {
                dot |= g.sepBefore[i] == '.';
                space |= g.sepBefore[i] == ' ';
            }
            if (dot && space) {
                return null; // "2.90.551 1115": a version followed by another number
            }
            if (dot && (g.len(0) == 4 || g.len(0) == 8) && (text.startsWith("19", s) || text.startsWith("20", s))) {
                return null; // "2023.10.297": a date-based build or version number
            }
        }
        if (g.count - first == 1 && cand.charAt(0) != '+' && digits > 11) {
            return null;
        }
                double conf;
        try {
            if (cand.charAt(0) == '+') {
                Phonenumber.PhoneNumber pn = PHONES.parse(parseable, "ZZ");
                conf = PHONES.isValidNumber(pn) ? 0.7 : PHONES.isPossibleNumber(pn) ? 0.45 : 0.0;
            } else {
                boolean valid = false;
                boolean possible = false;
                for (String r : REGIONS) {
                    Phonenumber.PhoneNumber pn = PHONES.parse(cand, r);
                    if (PHONES.isValidNumberForRegion(pn, r)) {
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
                boolean strongShape = groups >= 3 || c0 == '(' || (c0 == '0' && groups >= 2);
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

    static Found ssn(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits != 9 || !Checks.isDigit(text.charAt(s))) {
            return null;
        }
        double conf;
        if (g.count == 1) {
            conf = 0.2; // plain 9 digits: only with context
        } else if (g.count == 3 && g.len(0) == 3 && g.len(1) == 2 && g.len(2) == 4 && g.uniformSeparator()
                && " -.".indexOf(g.sepBefore[1]) >= 0) {
            conf = g.sepBefore[1] == '-' ? 0.6 : 0.35;
        } else {
            return null;
        }
        return Checks.ssnValid(Checks.digitsOnly(text.subSequence(s, e))) ? new Found(s, e, conf) : null;
    }

    static Found ipv4(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.count != 4 || !g.separatorsOnly(".") || !Checks.isDigit(text.charAt(s))) {
            return null;
        }
        for (int i = 0; i < 4; i++) {
            int len = g.len(i);
            if (len > 3 || (len > 1 && text.charAt(g.start[i]) == '0')) {
                return null;
            }
            if (Integer.parseInt(text, g.start[i], g.end[i], 10) > 255) {
                return null;
            }
            if (i > 0 && g.start[i] - g.end[i - 1] != 1) {
                return null;
            }
        }
        return new Found(s, e, 0.6);
    }

    /**
     * Addresses that do not identify a person on the internet: private (10/8, 172.16/12, 192.168/16), carrier-grade
     * NAT (100.64/10), loopback (127/8), link-local (169.254/16), "this network" (0/8), documentation (192.0.2/24,
     * 198.51.100/24, 203.0.113/24), multicast and reserved (224/3, netmasks such as 255.255.255.0).
     */
    static boolean nonPublic(String text, int s) {
        int dot1 = text.indexOf('.', s);
        int dot2 = text.indexOf('.', dot1 + 1);
        int dot3 = text.indexOf('.', dot2 + 1);
        int a = Integer.parseInt(text, s, dot1, 10);
        int b = Integer.parseInt(text, dot1 + 1, dot2, 10);
        int c = Integer.parseInt(text, dot2 + 1, dot3, 10);
        return a == 10 || a == 127 || a == 0 || a >= 224 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 100 && b >= 64 && b <= 127) || (a == 169 && b == 254) || (a == 192 && b == 0 && c == 2)
                || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113);
    }

    /** {@link #nonPublic} for a dotted-quad string. */
    public static boolean isNonPublicIpv4(String dottedQuad) {
        return nonPublic(dottedQuad, 0);
    }

    /** Words that, right before a dotted quad, make it a version: "agent version 10.4.12.3", "requires 2.2.64.20". */
    private static final String[] VERSION_CUES = {"version", "release", "requires", "upgrade", "build", "ver."};

    static Found publicIpv4(String text, int s, int e) {
        Found f = ipv4(text, s, e);
        return f == null || nonPublic(text, s) || cueBefore(text, s, VERSION_CUES) ? null : f;
    }

    static Found nonPublicIpv4(String text, int s, int e) {
        Found f = ipv4(text, s, e);
        return f != null && nonPublic(text, s) ? new Found(s, e, 0.4) : null;
    }

    private static boolean hex(char c) {
        return Checks.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static Found ipv6(String text, int colon, int ignored) {
        int n = text.length();
        int s = colon;
        while (s > 0 && colon - s < 40 && (hex(text.charAt(s - 1)) || text.charAt(s - 1) == ':')) {
            s--;
        }
        int e = colon + 1;
        while (e < n && e - s < 46 && (hex(text.charAt(e)) || text.charAt(e) == ':' || text.charAt(e) == '.')) {
            e++;
        }
        while (e > colon + 1 && text.charAt(e - 1) == '.') {
            e--;
        }
        if ((s > 0 && (Character.isLetterOrDigit(text.charAt(s - 1)) || text.charAt(s - 1) == '_'))
                || (e < n && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_'))) {
            return null;
        }
        int colons = 0;
        for (int i = s; i < e; i++) {
            if (text.charAt(i) == ':') {
                colons++;
            }
        }
        if (colons < 2 || e - s < 6) {
            return null;
        }
        String c = text.substring(s, e);
        int dbl = c.indexOf("::");
        if (dbl >= 0 && c.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String[] parts = c.split(":", -1);
        int groups = 0;
        boolean hasV4 = false;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            if (p.indexOf('.') >= 0) {
                if (i != parts.length - 1 || ipv4(p, 0, p.length()) == null) {
                    return null;
                }
                hasV4 = true;
                groups += 2;
                continue;
            }
            if (p.length() > 4) {
                return null;
            }
            groups++;
        }
        if (dbl < 0 ? groups != 8 : (groups > 7 || groups < 2)) {
            return null;
        }
        if (dbl >= 0 && !hasV4 && c.length() < 6) {
            return null;
        }
        return new Found(s, e, 0.6);
    }

    // ---------------------------------------------------------------- letters + digits

    private static final Map<String, Integer> IBAN_LENGTH = new HashMap<>();
    private static final int[] IBAN_LEN = new int[26 * 26];

    static {
        String t = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 "
                + "EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 "
                + "KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 "
                + "PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String x : t.split(" ")) {
            IBAN_LENGTH.put(x.substring(0, 2), Integer.parseInt(x.substring(2)));
            IBAN_LEN[(x.charAt(0) - 'A') * 26 + x.charAt(1) - 'A'] = Integer.parseInt(x.substring(2));
        }
    }

    private static boolean boundaryBefore(String text, int i) {
        return i == 0 || !Checks.isAsciiAlnum(text.charAt(i - 1));
    }

    static Found iban(String text, int digitPos, int ignored) {
        int s = digitPos - 2;
        if (s < 0 || !Character.isLetter(text.charAt(s)) || !Character.isLetter(text.charAt(s + 1))
                || !boundaryBefore(text, s)) {
            return null;
        }
        char c0 = Character.toUpperCase(text.charAt(s));
        char c1 = Character.toUpperCase(text.charAt(s + 1));
        if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
            return null;
        }
        int len = IBAN_LEN[(c0 - 'A') * 26 + c1 - 'A'];
        if (len == 0) {
            return null;
        }
        StringBuilder compact = new StringBuilder(34);
        int i = s;
        int n = text.length();
        while (i < n && compact.length() < len) {
            char c = text.charAt(i);
            if (Checks.isAsciiAlnum(c)) {
                compact.append(Character.toUpperCase(c));
                i++;
            } else if (c == ' ' && i + 1 < n && Checks.isAsciiAlnum(text.charAt(i + 1)) && compact.length() % 4 == 0) {
                i++;
            } else {
                break;
            }
        }
        if (compact.length() != len || (i < n && Checks.isAsciiAlnum(text.charAt(i)))) {
            return null;
        }
        return Checks.ibanMod97(compact) ? new Found(s, i, 0.8) : null;
    }

    static Found nino(String text, int digitPos, int ignored) {
        int s = digitPos - 2 - (text.charAt(digitPos - 1) == ' ' ? 1 : 0);
        if (s < 0 || !boundaryBefore(text, s)) {
            return null;
        }
        char a = text.charAt(s);
        char b = text.charAt(s + 1);
        if (s + 2 < digitPos && text.charAt(s + 2) != ' ') {
            return null;
        }
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return null;
        }
        String pre = "" + a + b;
        if (pre.equals("BG") || pre.equals("GB") || pre.equals("KN") || pre.equals("NK") || pre.equals("NT")
                || pre.equals("TN") || pre.equals("ZZ")) {
            return null;
        }
        int i = digitPos;
        int n = text.length();
        int digits = 0;
        while (i < n && digits < 6) {
            char c = text.charAt(i);
            if (Checks.isDigit(c)) {
                digits++;
                i++;
            } else if (c == ' ' && digits % 2 == 0 && digits > 0) {
                i++;
            } else {
                break;
            }
        }
        if (digits != 6) {
            return null;
        }
        if (i < n && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= n || text.charAt(i) < 'A' || text.charAt(i) > 'D') {
            return null;
        }
        i++;
        if (i < n && Checks.isAsciiAlnum(text.charAt(i))) {
            return null;
        }
        return new Found(s, i, 0.5);
    }

    static Found pan(String text, int digitPos, int ignored) {
        int s = digitPos - 5;
        if (s < 0 || !boundaryBefore(text, s) || digitPos + 5 > text.length()) {
            return null;
        }
        for (int i = s; i < digitPos; i++) {
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z') {
                return null;
            }
        }
        if ("ABCFGHLJPT".indexOf(text.charAt(s + 3)) < 0) {
            return null;
        }
        for (int i = digitPos; i < digitPos + 4; i++) {
            if (!Checks.isDigit(text.charAt(i))) {
                return null;
            }
        }
        char last = text.charAt(digitPos + 4);
        int e = digitPos + 5;
        if (last < 'A' || last > 'Z' || (e < text.length() && Checks.isAsciiAlnum(text.charAt(e)))) {
            return null;
        }
        return new Found(s, e, 0.4);
    }

    static Found aadhaar(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits != 12 || !Checks.isDigit(text.charAt(s)) || text.charAt(s) < '2') {
            return null;
        }
        boolean grouped = g.count == 3 && g.len(0) == 4 && g.len(1) == 4 && g.uniformSeparator() && g.separatorsOnly(" -");
        if (g.count != 1 && !grouped) {
            return null;
        }
        String d = Checks.digitsOnly(text.subSequence(s, e));
        return Checks.verhoeff(d) ? new Found(s, e, grouped ? 0.3 : 0.2) : null;
    }

    static Found germanTaxId(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits != 11 || !Checks.isDigit(text.charAt(s)) || !g.separatorsOnly(" ")) {
            return null;
        }
        return Checks.germanTaxId(Checks.digitsOnly(text.subSequence(s, e))) ? new Found(s, e, 0.25) : null;
    }
}
