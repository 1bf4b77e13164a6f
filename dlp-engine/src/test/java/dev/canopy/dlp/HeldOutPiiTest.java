package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A second, independent PII set: sentence templates and value formats written without looking at the presidio dev
 * file, plus distractors (order numbers, dates, prices, versions, postcodes). Guards against tuning to the dev file.
 */
class HeldOutPiiTest {
    static final String[] PHONE_REGIONS = {"US", "GB", "DE", "FR", "IN", "AU", "BR", "IT", "ES", "NL", "SE", "JP"};

    static String luhnComplete(String payload) {
        for (int d = 0; d < 10; d++) {
            if (dev.canopy.dlp.validate.Checks.luhn(payload + d)) {
                return payload + d;
            }
        }
        throw new IllegalStateException();
    }

    static String iban(Random r, String cc, int bbanLen) {
        StringBuilder bban = new StringBuilder();
        for (int i = 0; i < bbanLen; i++) {
            bban.append(r.nextInt(10));
        }
        for (int ck = 2; ck < 99; ck++) {
            String s = cc + String.format("%02d", ck) + bban;
            if (dev.canopy.dlp.validate.Checks.ibanMod97(s)) {
                return s;
            }
        }
        throw new IllegalStateException();
    }

    @Test
    void heldOutSentences() {
        Random r = new Random(77);
        PhoneNumberUtil pu = PhoneNumberUtil.getInstance();
        List<String> texts = new ArrayList<>();
        List<List<PrecisionRecallTest.Span>> gold = new ArrayList<>();
        String[] distractors = {"Order #%d shipped on 2024-%02d-%02d for $%d.%02d.", "Upgrade to release %d.%d.%d before Friday.",
            "The office moved to 4%d Market Street, Springfield %05d.", "Invoice %d-%d is due in %d days.",
            "We measured %d ms p99 latency over %d requests.", "Room %d, floor %d, badge %d."};
        for (int i = 0; i < 400; i++) {
            List<PrecisionRecallTest.Span> spans = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            String d = distractors[r.nextInt(distractors.length)];
            sb.append(String.format(d, r.nextInt(90000) + 1000, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(900), r.nextInt(100),
                    r.nextInt(20))).append(' ');
            String type;
            String value;
            String template;
            switch (i % 6) {
                case 0 -> {
                    String region = PHONE_REGIONS[r.nextInt(PHONE_REGIONS.length)];
                    var ex = pu.getExampleNumberForType(region, r.nextBoolean() ? PhoneNumberUtil.PhoneNumberType.MOBILE
                            : PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
                    value = pu.format(ex, r.nextBoolean() ? PhoneNumberFormat.INTERNATIONAL : PhoneNumberFormat.NATIONAL);
                    type = "PHONE_NUMBER";
                    template = new String[] {"You can reach me on %s after lunch.", "Her mobile is %s.", "Call the desk at %s if it breaks.",
                        "Tel.: %s"}[r.nextInt(4)];
                }
                case 1 -> {
                    // JCB issues 3528-3589 only ("35" alone gave numbers of no card network)
                    String[] pre = {"4", "51", "37", "6011", "35" + (28 + r.nextInt(62))};
                    String p = pre[r.nextInt(pre.length)];
                    int len = p.equals("37") ? 15 : 16;
                    StringBuilder pl = new StringBuilder(p);
                    while (pl.length() < len - 1) {
                        pl.append(r.nextInt(10));
                    }
                    String c = luhnComplete(pl.toString());
                    value = r.nextBoolean() && len == 16 ? c.replaceAll("(\\d{4})(?=\\d)", "$1 ") : c;
                    type = "CREDIT_CARD";
                    template = new String[] {"Charge it to %s please.", "The Visa on file is %s.", "Card: %s, exp 09/27"}[r.nextInt(3)];
                }
                case 2 -> {
                    value = "user" + r.nextInt(1000) + "." + new String[] {"ops", "sales", "hr"}[r.nextInt(3)] + "@"
                            + new String[] {"acme.io", "example.org", "mail.co.uk", "corp.de"}[r.nextInt(4)];
                    type = "EMAIL_ADDRESS";
                    template = new String[] {"Send the report to %s by Monday.", "Owner: %s", "cc %s on the thread"}[r.nextInt(3)];
                }
                case 3 -> {
                    String[][] cc = {{"DE", "18"}, {"FR", "23"}, {"NL", "14"}, {"GB", "18"}, {"ES", "20"}};
                    String[] c = cc[r.nextInt(cc.length)];
                    String ib = iban(r, c[0], Integer.parseInt(c[1]));
                    if (c[0].equals("GB") || c[0].equals("NL")) {
                        ib = ib.substring(0, 4) + "ABCD".substring(0, 4) + ib.substring(8); // letters in the bank code
                        ib = iban(r, c[0], Integer.parseInt(c[1])); // keep a valid numeric one
                    }
                    value = r.nextBoolean() ? ib.replaceAll("(.{4})(?=.)", "$1 ") : ib;
                    type = "IBAN_CODE";
                    template = new String[] {"Please wire the deposit to %s.", "Account (IBAN): %s", "Refund goes to %s"}[r.nextInt(3)];
                }
                case 4 -> {
                    int area = 1 + r.nextInt(899);
                    if (area == 666) {
                        area = 667;
                    }
                    value = String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
                    type = "US_SSN";
                    template = new String[] {"Employee SSN %s is on file.", "social security number: %s", "SSN - %s"}[r.nextInt(3)];
                }
                default -> {
                    // public addresses: private, loopback and documentation ranges are PRIVATE_IP_ADDRESS (off by default)
                    do {
                        value = (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
                    } while (dev.canopy.dlp.builtin.PiiDetectors.isNonPublicIpv4(value));
                    type = "IP_ADDRESS";
                    template = new String[] {"Traffic from %s was blocked.", "The VM got IP %s", "ssh admin at %s"}[r.nextInt(3)];
                }
            }
            int at = template.indexOf("%s");
            int start = sb.length() + at;
            sb.append(String.format(template, value));
            spans.add(new PrecisionRecallTest.Span(type, start, start + value.length()));
            texts.add(sb.toString());
            gold.add(spans);
        }
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();
        Map<String, PrecisionRecallTest.Score> scores = PrecisionRecallTest.evaluate(engine, texts, gold,
                Boolean.getBoolean("dlp.verbose"));
        PrecisionRecallTest.print("held-out PII sentences (own templates, distractors)", scores);
        for (String t : PrecisionRecallTest.TYPES) {
            assertThat(scores.get(t).recall()).as("recall " + t).isGreaterThanOrEqualTo(0.95);
            assertThat(scores.get(t).precision()).as("precision " + t).isGreaterThanOrEqualTo(0.95);
        }
    }
}
