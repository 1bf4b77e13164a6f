package dev.canopy.dlp.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link PhoneValidity} answers exactly what libphonenumber answers, on numbers of every calling code. */
class PhoneValidityTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void answersAsLibphonenumberDoes() {
        Random rnd = new Random(14);
        List<PhoneNumber> numbers = new ArrayList<>();
        Set<String> regions = new TreeSet<>(PHONES.getSupportedRegions());
        // every region's example numbers of every type, and the same with a digit changed, added or dropped
        for (String region : regions) {
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                PhoneNumber example = PHONES.getExampleNumberForType(region, type);
                if (example != null) {
                    String national = PHONES.getNationalSignificantNumber(example);
                    for (String variant : variants(national, rnd)) {
                        parse("+" + example.getCountryCode() + variant, "ZZ", numbers);
                        parse("0" + variant, region, numbers);
                        parse(variant, region, numbers);
                    }
                }
            }
        }
        // random digits after every calling code (and a few that are none), 2 to 17 digits
        List<Integer> codes = new ArrayList<>(PHONES.getSupportedCallingCodes());
        codes.addAll(List.of(0, 999, 888, 210, 5));
        for (int code : codes) {
            for (int k = 0; k < 20; k++) {
                parse("+" + code + digits(2 + rnd.nextInt(16), rnd), "ZZ", numbers);
            }
        }
        int valid = 0;
        int validForRegion = 0;
        List<String> tried = new ArrayList<>(List.of(PhoneRecognizer.REGIONS));
        tried.add("001");
        tried.add("KZ");
        tried.add("JM");
        for (PhoneNumber n : numbers) {
            boolean expected = PHONES.isValidNumber(n);
            assertThat(PhoneValidity.isValidNumber(n)).as("isValidNumber(%s)", n).isEqualTo(expected);
            valid += expected ? 1 : 0;
            for (String r : tried) {
                boolean forRegion = PHONES.isValidNumberForRegion(n, r);
                assertThat(PhoneValidity.isValidNumberForRegion(n, r)).as("isValidNumberForRegion(%s, %s)", n, r)
                        .isEqualTo(forRegion);
                validForRegion += forRegion ? 1 : 0;
            }
        }
        System.out.printf("%d numbers: %d valid; %d valid for one of %d regions%n", numbers.size(), valid,
                validForRegion, tried.size());
        assertThat(valid).as("valid numbers compared").isGreaterThan(2000);
        assertThat(numbers.size() - valid).as("invalid numbers compared").isGreaterThan(2000);
        assertThat(validForRegion).as("numbers valid for one of our regions").isGreaterThan(500);
    }

    private static List<String> variants(String national, Random rnd) {
        List<String> v = new ArrayList<>(List.of(national, national + rnd.nextInt(10)));
        if (national.length() > 2) {
            v.add(national.substring(0, national.length() - 1));
            int at = rnd.nextInt(national.length());
            v.add(national.substring(0, at) + rnd.nextInt(10) + national.substring(at + 1));
        }
        return v;
    }

    private static String digits(int n, Random rnd) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(rnd.nextInt(10));
        }
        return s.toString();
    }

    private static void parse(String text, String region, List<PhoneNumber> into) {
        try {
            into.add(PHONES.parse(text, region));
        } catch (NumberParseException notANumber) {
            // libphonenumber refuses it: nothing to compare
        }
    }
}
