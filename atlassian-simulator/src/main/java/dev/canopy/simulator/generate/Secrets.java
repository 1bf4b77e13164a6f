package dev.canopy.simulator.generate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Fake but well-formed secrets and personal data: right prefixes, lengths and checksums (GitHub CRC32, Luhn, IBAN
 * mod-97, SSN area rules). Every value comes from the seeded random source; none is a real credential.
 */
public final class Secrets {
    public static final List<String> SECRET_DETECTORS = List.of("aws-access-key-id", "github-pat", "slack-bot-token",
            "atlassian-api-token", "private-key-pem", "stripe-secret-key", "gcp-api-key");
    public static final List<String> PII_DETECTORS = List.of("email", "credit-card", "us-ssn", "iban");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Secrets() {
    }

    public static String generate(String detector, SplittableRandom r) {
        return switch (detector) {
            case "aws-access-key-id" -> "AKIA" + Ids.chars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            case "github-pat" -> githubToken("ghp_", r);
            case "slack-bot-token" -> "xoxb-" + Ids.digits(r, 12) + "-" + Ids.digits(r, 13) + "-" + Ids.alnum(r, 24);
            case "atlassian-api-token" -> atlassianToken(r);
            case "private-key-pem" -> privateKey(r);
            case "stripe-secret-key" -> "sk_live_" + Ids.alnum(r, 24 + r.nextInt(76));
            case "gcp-api-key" -> "AIza" + Ids.chars(r, BASE62 + "_-", 34) + Ids.chars(r, BASE62, 1);
            case "email" -> email(r);
            case "credit-card" -> creditCard(r);
            case "us-ssn" -> ssn(r);
            case "iban" -> germanIban(r);
            default -> throw new IllegalArgumentException("unknown detector " + detector);
        };
    }

    /** GitHub tokens: prefix + 30 random base62 + base62(CRC32 of those 30), left-padded to 6. */
    static String githubToken(String prefix, SplittableRandom r) {
        String random = Ids.chars(r, BASE62, 30);
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        return prefix + random + base62(crc.getValue(), 6);
    }

    static String base62(long value, int width) {
        StringBuilder sb = new StringBuilder();
        long v = value;
        do {
            sb.append(BASE62.charAt((int) (v % 62)));
            v /= 62;
        } while (v > 0);
        while (sb.length() < width) {
            sb.append('0');
        }
        return sb.reverse().toString();
    }

    /** {@code ATATT3xFfGF0} + base64url body + {@code =} + 8 hex CRC32 of what precedes: 192 chars like real ones. */
    static String atlassianToken(SplittableRandom r) {
        String body = "ATATT3xFfGF0" + Ids.chars(r, BASE62 + "_-", 171);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + "=" + String.format("%08X", crc.getValue());
    }

    static String privateKey(SplittableRandom r) {
        byte[] der = new byte[360];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) r.nextInt(256);
        }
        // a DER SEQUENCE header so the base64 starts with "MII" like real RSA keys
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        der[2] = 0x04;
        der[3] = (byte) 0xa4;
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END RSA PRIVATE KEY-----").toString();
    }

    static String email(SplittableRandom r) {
        return Names.first(r).toLowerCase() + "." + Names.last(r).toLowerCase() + "@"
                + List.of("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com").get(r.nextInt(5));
    }

    static String creditCard(SplittableRandom r) {
        String prefix = List.of("4", "51", "52", "53", "54", "55").get(r.nextInt(6));
        StringBuilder digits = new StringBuilder(prefix).append(Ids.digits(r, 15 - prefix.length()));
        digits.append(luhnCheckDigit(digits.toString()));
        String n = digits.toString();
        return n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8, 12) + " " + n.substring(12);
    }

    public static int luhnCheckDigit(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    static String ssn(SplittableRandom r) {
        int area;
        do {
            area = 1 + r.nextInt(899);
        } while (area == 666);
        return String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
    }

    static String germanIban(SplittableRandom r) {
        String bban = Ids.digits(r, 8) + Ids.digits(r, 10);
        String check = String.format("%02d", 98 - mod97(bban + "131400"));
        String iban = "DE" + check + bban;
        return iban.replaceAll("(.{4})", "$1 ").trim();
    }

    public static int mod97(String digits) {
        int rem = 0;
        for (char c : digits.toCharArray()) {
            rem = (rem * 10 + (c - '0')) % 97;
        }
        return rem;
    }
}
