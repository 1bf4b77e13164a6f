package dev.canopy.dlp.builtin;

import dev.canopy.dlp.Category;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.Severity;
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
                .check("email-shape").recognizer(Kind.AT_SIGN, EmailRecognizer::personalEmail).contextPlus("email", "e-mail", "mail", "contact").build());
        l.add(pii("email-role-mailbox", "EMAIL_ROLE_ADDRESS", "Role or distribution mailbox (noreply@, sre-team@ …)",
                Severity.LOW, 0.5).check("role-mailbox-names").recognizer(Kind.AT_SIGN, EmailRecognizer::roleMailbox).offByDefault().build());
        l.add(pii("credit-card", "CREDIT_CARD", "Payment card number (Luhn)", Severity.HIGH, 0.6)
                .check("luhn").recognizer(Kind.NUMBER, PiiDetectors::card)
                .contextPlus("card", "credit", "visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro",
                        "payment", "pan ", "cc#", "cc ", "cvv", "expiry")
                // device inventories: IMEIs and SIM numbers are Luhn-checked too ("SIM card …, device 8614…"); an
                // Aadhaar number's 12 digits pass Luhn one time in ten ("… card timeline. Aadhaar 4478 …")
                .contextMinus("imei", "iccid", "imsi", "meid", "msisdn", "device", "handset", "serial", "sim",
                        "aadhaar", "aadhar", "uidai")
                .build());
        l.add(pii("phone-number", "PHONE_NUMBER", "Phone number (libphonenumber)", Severity.LOW, 0.4)
                .check("libphonenumber").recognizer(Kind.NUMBER, PhoneRecognizer::phone).minDigits(6)
                .contextPlus("phone", "tel", "telephone", "telefon", "mobile", "mobil", "cell", "fax", "call", "office",
                        "contact", "whatsapp", "sms", "registered", "dial", "ring", "reach me", "reach us", "reachable",
                        "text me")
                // street addresses, licences and other numbered things that look like local numbers
                .contextMinus("address", "street", " st ", " st.", "avenue", " ave", "road", "lane", "rue ", "court",
                        "suite", "apt", "drive", "blvd", "boulevard", "return to", "sent to", "license", "licence",
                        "passport", "zip", "postal", "po box", "invoice", "order", "ticket", "version", "release",
                        "build", "po ",
                        // video-call ids, written like phone numbers in meeting notes ("Meeting ID: 845 2290 1147")
                        "meeting id", "meeting number", "webinar id", "conference id", "passcode")
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
                .check("ipv6-public-range").recognizer(Kind.COLON, PiiDetectors::publicIpv6)
                .contextPlus("ip", "address", "host", "addr").build());
        l.add(pii("ipv6-address-private", "PRIVATE_IP_ADDRESS",
                "Link-local, unique local, documentation, loopback or multicast IPv6 address", Severity.LOW, 0.4)
                .check("ipv6-reserved-range").recognizer(Kind.COLON, PiiDetectors::nonPublicIpv6)
                .contextPlus("ip", "address", "host", "addr").offByDefault().build());
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

    // ---------------------------------------------------------------- numbers

    /**
     * Whether {@code d} is in a card brand's IIN range and has that brand's length: a Luhn-valid number in a brand's
     * range but of another length is an identifier (a 15-digit IMEI with reporting body 35 sits in JCB's range, a
     * 15-digit IMSI of mobile country code 234 in Mastercard's 2-series; neither brand issues 15 digits).
     */
    private static boolean knownIin(String d) {
        int n = d.length();
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19;                                  // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16;                                                         // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15;                                                         // Amex
        }
        if (p4 == 2131 || p4 == 1800) {
            return n == 15;                                                         // JCB's former ranges
        }
        if ((p4 >= 3528 && p4 <= 3589) || p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62) {
            return n >= 16;                                                         // JCB, Discover, UnionPay
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return n >= 14;                                                         // Diners Club
        }
        // Maestro (12 to 19 digits) by its own ranges: "50" alone also starts 15-digit IMSIs (Australia's 505)
        return p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 6304 || (p2 >= 56 && p2 <= 58) || p3 == 639 || p2 == 67;
    }

    static Found card(String text, int s, int e) {
        if (text.charAt(s) == '(' || text.charAt(s) == '+') {
            return null;
        }
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits() < 12 || g.digits() > 19) {
            return null;
        }
        if (g.count() > 1 && (!g.separatorsOnly(" -") || !g.uniformSeparator())) {
            return null;
        }
        for (int i = 0; i < g.count(); i++) {
            if (g.count() > 1 && (g.len(i) < 3 || g.len(i) > 6)) {
                return null;
            }
        }
        String d = Checks.digitsOnly(text.subSequence(s, e));
        if (!Checks.luhn(d) || Checks.distinctCharsAtMost(d, 1)) { // d has 12 to 19 digits
            return null;
        }
        if (d.startsWith("89")) {
            return null; // a SIM's ICCID (ITU-T E.118: major industry 8, telecom 9, Luhn-checked); no card starts so
        }
        double conf;
        if (d.length() >= 13 && knownIin(d)) {
            conf = 0.6;
        } else if (g.count() == 1 && d.length() == 13) {
            return null; // 13 ungrouped digits outside the card ranges: an epoch timestamp in ms (1675296862319)
        } else {
            conf = 0.25; // needs a context word to be reported
        }
        return new Found(s, e, conf);
    }

    static Found ssn(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits() != 9 || !Checks.isDigit(text.charAt(s))) {
            return null;
        }
        double conf;
        if (g.count() == 1) {
            conf = 0.2; // plain 9 digits: only with context
        } else if (g.count() == 3 && g.len(0) == 3 && g.len(1) == 2 && g.len(2) == 4 && g.uniformSeparator()
                && " -.".indexOf(g.sepBefore()[1]) >= 0) {
            conf = g.sepBefore()[1] == '-' ? 0.6 : 0.35;
        } else {
            return null;
        }
        return Checks.ssnValid(Checks.digitsOnly(text.subSequence(s, e))) ? new Found(s, e, conf) : null;
    }

    static Found ipv4(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.count() != 4 || !g.separatorsOnly(".") || !Checks.isDigit(text.charAt(s))) {
            return null;
        }
        for (int i = 0; i < 4; i++) {
            int len = g.len(i);
            if (len > 3 || (len > 1 && text.charAt(g.start()[i]) == '0')) {
                return null;
            }
            if (Integer.parseInt(text, g.start()[i], g.end()[i], 10) > 255) {
                return null;
            }
            if (i > 0 && g.start()[i] - g.end()[i - 1] != 1) {
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

    static Found publicIpv6(String text, int colon, int ignored) {
        Found f = ipv6(text, colon, ignored);
        return f == null || nonPublicV6(text, f.start(), f.end()) ? null : f;
    }

    static Found nonPublicIpv6(String text, int colon, int ignored) {
        Found f = ipv6(text, colon, ignored);
        return f != null && nonPublicV6(text, f.start(), f.end()) ? new Found(f.start(), f.end(), 0.4) : null;
    }

    /**
     * IPv6 addresses that do not identify anyone on the internet, as {@link #nonPublic} for IPv4: unspecified and
     * loopback, IPv4-mapped non-public ({@code ::ffff:10.1.2.3}), unique local (fc00::/7), link-local (fe80::/10),
     * multicast (ff00::/8) and documentation (2001:db8::/32, 3fff::/20). {@code text[s, e)} is an address
     * {@link #ipv6} accepted.
     */
    static boolean nonPublicV6(String text, int s, int e) {
        int[] h = hextets(text.substring(s, e));
        if (h[0] >= 0xfc00 || (h[0] & 0xfff0) == 0x3ff0 || (h[0] == 0x2001 && h[1] == 0x0db8)) {
            return true; // fc00::/7, fe80::/10, ff00::/8 (and the former site-local fec0::/10), 3fff::/20, 2001:db8::/32
        }
        boolean zeroPrefix = h[0] == 0 && h[1] == 0 && h[2] == 0 && h[3] == 0 && h[4] == 0;
        if (zeroPrefix && h[5] == 0 && h[6] == 0 && h[7] <= 1) {
            return true; // :: and ::1
        }
        if (zeroPrefix && h[5] == 0xffff) {
            String v4 = (h[6] >>> 8) + "." + (h[6] & 0xff) + "." + (h[7] >>> 8) + "." + (h[7] & 0xff);
            return nonPublic(v4, 0); // ::ffff:10.1.2.3
        }
        return false;
    }

    /** The eight 16-bit groups of an IPv6 address in text form ("::" expanded, a dotted IPv4 tail as two groups). */
    private static int[] hextets(String address) {
        String[] halves = address.split("::", -1);
        int[] head = groups(halves[0]);
        int[] tail = halves.length > 1 ? groups(halves[1]) : new int[0];
        int[] h = new int[8];
        System.arraycopy(head, 0, h, 0, Math.min(8, head.length));
        System.arraycopy(tail, 0, h, 8 - tail.length, tail.length);
        return h;
    }

    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] g = part.split(":");
        boolean v4 = g[g.length - 1].indexOf('.') >= 0;
        int[] out = new int[g.length + (v4 ? 1 : 0)];
        for (int i = 0; i < g.length; i++) {
            if (v4 && i == g.length - 1) {
                String[] q = g[i].split("\\.");
                out[i] = Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]);
                out[i + 1] = Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]);
            } else {
                out[i] = Integer.parseInt(g[i], 16);
            }
        }
        return out;
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
        if (s >= 2 && text.charAt(s - 1) == '-' && Checks.isAsciiAlnum(text.charAt(s - 2))) {
            return null; // the last part of a hyphenated id (a UUID's "…-be956908e083")
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
        int group = 0; // chars since the last space: an IBAN is written whole or in groups of four
        while (i < n && compact.length() < len) {
            char c = text.charAt(i);
            if (Checks.isAsciiAlnum(c)) {
                compact.append(Character.toUpperCase(c));
                group++;
                i++;
            } else if (c == ' ' && i + 1 < n && Checks.isAsciiAlnum(text.charAt(i + 1)) && group == 4) {
                group = 0;
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
        if (g == null || g.digits() != 12 || !Checks.isDigit(text.charAt(s)) || text.charAt(s) < '2') {
            return null;
        }
        boolean grouped = g.count() == 3 && g.len(0) == 4 && g.len(1) == 4 && g.uniformSeparator() && g.separatorsOnly(" -");
        if (g.count() != 1 && !grouped) {
            return null;
        }
        String d = Checks.digitsOnly(text.subSequence(s, e));
        return Checks.verhoeff(d) ? new Found(s, e, grouped ? 0.3 : 0.2) : null;
    }

    static Found germanTaxId(String text, int s, int e) {
        Groups g = Groups.of(text, s, e);
        if (g == null || g.digits() != 11 || !Checks.isDigit(text.charAt(s)) || !g.separatorsOnly(" ")) {
            return null;
        }
        return Checks.germanTaxId(Checks.digitsOnly(text.subSequence(s, e))) ? new Found(s, e, 0.25) : null;
    }
}
