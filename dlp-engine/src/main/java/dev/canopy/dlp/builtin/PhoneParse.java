package dev.canopy.dlp.builtin;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.NumberParseException.ErrorType;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * libphonenumber's {@code parse(candidate, region)} for the candidates {@link PhoneRecognizer} builds — ASCII digits,
 * spaces, {@code - . ( )} and at most one leading {@code +} — the same steps on the same metadata, without what can't
 * apply to such a string. libphonenumber runs its extension regex (a few hundred alternatives: labels in many
 * languages, {@code #}, {@code ;ext=}) and its viability regex on every call, two thirds of a ~6 µs parse, and the
 * recognizer parses a national-format candidate once per region it tries (up to 28): neither regex can match or fail
 * on these chars (no letters, {@code #}, {@code ,} or {@code ;}; three digits or more). Any other input goes to
 * libphonenumber itself. {@code PhoneParseTest} compares both on generated candidates for every region tried.
 */
final class PhoneParse {
    private PhoneParse() {
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Set<Integer> CALLING_CODES = PHONES.getSupportedCallingCodes();
    private static final int MIN_LENGTH_FOR_NSN = 2;
    private static final int MAX_LENGTH_FOR_NSN = 17;
    private static final int MAX_LENGTH_COUNTRY_CODE = 3;

    static PhoneNumber parse(String candidate, String region) throws NumberParseException {
        String digits = digitsOf(candidate);
        boolean plus = candidate.startsWith("+");
        PhoneMetadata regionMetadata = PhoneValidity.metadata(region, 0);
        if (digits == null || (regionMetadata == null && !plus)) {
            return PHONES.parse(candidate, region);
        }
        PhoneNumber number = new PhoneNumber();
        StringBuilder national = new StringBuilder();
        int countryCode;
        try {
            countryCode = extractCountryCode(digits, plus, regionMetadata, national);
        } catch (NumberParseException e) {
            if (e.getErrorType() != ErrorType.INVALID_COUNTRY_CODE || !plus) {
                throw e;
            }
            // libphonenumber strips the plus and tries again
            countryCode = extractCountryCode(digits, false, regionMetadata, national);
            if (countryCode == 0) {
                throw new NumberParseException(ErrorType.INVALID_COUNTRY_CODE,
                        "Could not interpret numbers after plus-sign.");
            }
        }
        if (countryCode != 0) {
            String numberRegion = PHONES.getRegionCodeForCountryCode(countryCode);
            if (!numberRegion.equals(region)) {
                regionMetadata = PhoneValidity.metadata(numberRegion, countryCode);
            }
        } else {
            national.append(digits);
            countryCode = regionMetadata.getCountryCode();
        }
        number.setCountryCode(countryCode);
        if (national.length() < MIN_LENGTH_FOR_NSN) {
            throw new NumberParseException(ErrorType.TOO_SHORT_NSN, "The string supplied is too short to be a phone number.");
        }
        String nsn = national.toString();
        if (regionMetadata != null) {
            String stripped = stripNationalPrefix(nsn, regionMetadata);
            ValidationResult length = testNumberLength(stripped, regionMetadata);
            if (length != ValidationResult.TOO_SHORT && length != ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                    && length != ValidationResult.INVALID_LENGTH) {
                nsn = stripped;
            }
        }
        if (nsn.length() < MIN_LENGTH_FOR_NSN) {
            throw new NumberParseException(ErrorType.TOO_SHORT_NSN, "The string supplied is too short to be a phone number.");
        }
        if (nsn.length() > MAX_LENGTH_FOR_NSN) {
            throw new NumberParseException(ErrorType.TOO_LONG, "The string supplied is too long to be a phone number.");
        }
        if (nsn.length() > 1 && nsn.charAt(0) == '0') {
            number.setItalianLeadingZero(true);
            int zeros = 1;
            while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
        number.setNationalNumber(Long.parseLong(nsn));
        return number;
    }

    /**
     * The digits of a candidate of the supported shape (what libphonenumber's {@code extractPossibleNumber} and
     * {@code normalize} leave), or null for any other string.
     */
    private static String digitsOf(String candidate) {
        int n = candidate.length();
        StringBuilder digits = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || (c == '+' && i == 0))) {
                return null;
            }
        }
        return digits.length() >= 3 && n <= 250 ? digits.toString() : null;
    }

    /**
     * libphonenumber's {@code maybeExtractCountryCode}: the calling code after a '+' or the region's international
     * prefix, or the region's own code in front of a national number that is better without it; 0 for none.
     */
    private static int extractCountryCode(String digits, boolean plus, PhoneMetadata metadata, StringBuilder national)
            throws NumberParseException {
        String full = digits;
        boolean international = plus;
        if (!plus && metadata != null) {
            Matcher idd = PhoneValidity.pattern(metadata.getInternationalPrefix()).matcher(full);
            // a calling code never starts with 0: a prefix followed by 0 is not read as one
            if (idd.lookingAt() && (idd.end() >= full.length() || full.charAt(idd.end()) != '0')) {
                full = full.substring(idd.end());
                international = true;
            }
        }
        if (international) {
            if (full.length() <= MIN_LENGTH_FOR_NSN) {
                throw new NumberParseException(ErrorType.TOO_SHORT_AFTER_IDD,
                        "Phone number had an IDD, but after this was not long enough to be a viable phone number.");
            }
            if (full.charAt(0) != '0') {
                for (int i = 1; i <= MAX_LENGTH_COUNTRY_CODE && i <= full.length(); i++) {
                    int code = Integer.parseInt(full.substring(0, i));
                    if (CALLING_CODES.contains(code)) {
                        national.append(full, i, full.length());
                        return code;
                    }
                }
            }
            throw new NumberParseException(ErrorType.INVALID_COUNTRY_CODE, "Country calling code supplied was not recognised.");
        }
        if (metadata != null) {
            String own = String.valueOf(metadata.getCountryCode());
            if (full.startsWith(own)) {
                PhoneNumberDesc general = metadata.getGeneralDesc();
                String potential = stripNationalPrefix(full.substring(own.length()), metadata);
                if ((!matchesNationalNumber(full, general) && matchesNationalNumber(potential, general))
                        || testNumberLength(full, metadata) == ValidationResult.TOO_LONG) {
                    national.append(potential);
                    return metadata.getCountryCode();
                }
            }
        }
        return 0;
    }

    /** libphonenumber's {@code maybeStripNationalPrefixAndCarrierCode} (the carrier code is not kept). */
    private static String stripNationalPrefix(String number, PhoneMetadata metadata) {
        String prefix = metadata.getNationalPrefixForParsing();
        if (number.isEmpty() || prefix.isEmpty()) {
            return number;
        }
        Matcher m = PhoneValidity.pattern(prefix).matcher(number);
        if (!m.lookingAt()) {
            return number;
        }
        PhoneNumberDesc general = metadata.getGeneralDesc();
        boolean viableOriginal = matchesNationalNumber(number, general);
        int groups = m.groupCount();
        String rule = metadata.getNationalPrefixTransformRule();
        if (rule == null || rule.isEmpty() || m.group(groups) == null) {
            String rest = number.substring(m.end());
            return viableOriginal && !matchesNationalNumber(rest, general) ? number : rest;
        }
        String transformed = m.replaceFirst(rule);
        return viableOriginal && !matchesNationalNumber(transformed, general) ? number : transformed;
    }

    /** libphonenumber's {@code matcherApi.matchNationalNumber(number, desc, false)}. */
    private static boolean matchesNationalNumber(String number, PhoneNumberDesc desc) {
        String regex = desc.getNationalNumberPattern();
        return !regex.isEmpty() && PhoneValidity.pattern(regex).matcher(number).matches();
    }

    /** libphonenumber's {@code testNumberLength(number, metadata)} (type UNKNOWN: the general description). */
    private static ValidationResult testNumberLength(String number, PhoneMetadata metadata) {
        PhoneNumberDesc general = metadata.getGeneralDesc();
        List<Integer> possible = general.getPossibleLengthList();
        List<Integer> local = general.getPossibleLengthLocalOnlyList();
        if (possible.isEmpty() || possible.get(0) == -1) {
            return ValidationResult.INVALID_LENGTH;
        }
        int length = number.length();
        if (local.contains(length)) {
            return ValidationResult.IS_POSSIBLE_LOCAL_ONLY;
        }
        int min = possible.get(0);
        if (min == length) {
            return ValidationResult.IS_POSSIBLE;
        } else if (min > length) {
            return ValidationResult.TOO_SHORT;
        } else if (possible.get(possible.size() - 1) < length) {
            return ValidationResult.TOO_LONG;
        }
        return possible.subList(1, possible.size()).contains(length) ? ValidationResult.IS_POSSIBLE
                : ValidationResult.INVALID_LENGTH;
    }
}
