package dev.canopy.dlp.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PhoneParse} against libphonenumber's own {@code parse}: the same number (calling code, national number,
 * leading zeros) or the same error, for every region the recognizer tries and "ZZ", on example numbers of those
 * regions in every format and on generated candidates with international and trunk prefixes, calling codes in front
 * of national numbers, too few and too many digits.
 */
class PhoneParseTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private static String outcome(PhoneNumber n) {
        return n.getCountryCode() + "/" + n.getNationalNumber() + "/" + n.isItalianLeadingZero() + "/"
                + n.getNumberOfLeadingZeros() + "/" + n.hasExtension() + "/" + n.equals(n);
    }

    private static String libphonenumber(String candidate, String region) {
        try {
            return outcome(PHONES.parse(candidate, region));
        } catch (NumberParseException e) {
            return e.getErrorType().name();
        }
    }

    private static String ours(String candidate, String region) {
        try {
            return outcome(PhoneParse.parse(candidate, region));
        } catch (NumberParseException e) {
            return e.getErrorType().name();
        }
    }

    @Test
    void parsesAsLibphonenumberDoes() {
        List<String> candidates = new ArrayList<>();
        Random rnd = new Random(29);
        for (String region : PhoneRecognizer.REGIONS) {
            for (PhoneNumberType type : new PhoneNumberType[] {PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE,
                PhoneNumberType.TOLL_FREE}) {
                PhoneNumber example = PHONES.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                for (PhoneNumberFormat f : PhoneNumberFormat.values()) {
                    String s = PHONES.format(example, f);
                    if (f == PhoneNumberFormat.RFC3966) {
                        continue;
                    }
                    candidates.add(s);
                    candidates.add(s.replace(" ", "-"));
                    candidates.add(s.substring(0, s.length() - 1)); // one digit short
                    candidates.add(s + rnd.nextInt(10)); // one too many
                    String national = PHONES.getNationalSignificantNumber(example);
                    candidates.add("00" + example.getCountryCode() + " " + national); // international prefixes
                    candidates.add("011 " + example.getCountryCode() + " " + national);
                    candidates.add("8 10 " + example.getCountryCode() + national);
                    candidates.add(example.getCountryCode() + " " + national); // calling code without '+'
                    candidates.add("+" + example.getCountryCode() + " (0)" + national);
                    candidates.add("0" + national);
                    candidates.add("(0" + national.substring(0, 2) + ") " + national.substring(2));
                }
            }
        }
        String seps = "  -.";
        for (int i = 0; i < 4_000; i++) {
            StringBuilder c = new StringBuilder();
            switch (rnd.nextInt(6)) {
                case 0 -> c.append('+');
                case 1 -> c.append(new String[] {"00", "011", "0011", "010", "810", "001"}[rnd.nextInt(6)]).append(' ');
                case 2 -> c.append('(');
                default -> { }
            }
            int digits = 3 + rnd.nextInt(15);
            for (int d = 0; d < digits; d++) {
                c.append((char) ('0' + (d == 0 && rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10))));
                if (d == 2 && c.charAt(0) == '(') {
                    c.append(") ");
                } else if (d < digits - 1 && rnd.nextInt(4) == 0) {
                    c.append(seps.charAt(rnd.nextInt(seps.length())));
                }
            }
            candidates.add(c.toString());
        }
        int compared = 0;
        int parsed = 0;
        for (String candidate : candidates) {
            List<String> regions = new ArrayList<>(List.of(PhoneRecognizer.REGIONS));
            regions.add("ZZ");
            for (String region : regions) {
                String want = libphonenumber(candidate, region);
                assertThat(ours(candidate, region)).as("%s in %s", candidate, region).isEqualTo(want);
                compared++;
                parsed += want.contains("/") ? 1 : 0;
            }
        }
        System.out.printf("phone parse: %d candidates x %d regions compared, %d parsed, the rest the same error%n",
                candidates.size(), PhoneRecognizer.REGIONS.length + 1, parsed);
        assertThat(compared).isGreaterThan(100_000);
        assertThat(parsed).isGreaterThan(50_000);
    }

    @Test
    void otherShapesGoToLibphonenumber() throws NumberParseException {
        // an extension, letters, a second plus: libphonenumber's own parse (the same result by construction)
        for (String s : new String[] {"+1 415 555 2671 ext. 12", "1-800-FLOWERS", "++44 20 7946 0958", "415#555"}) {
            assertThat(ours(s, "US")).as(s).isEqualTo(libphonenumber(s, "US"));
        }
        assertThat(PhoneParse.parse("+1 415 555 2671 x12", "US").getExtension()).isEqualTo("12");
    }
}
