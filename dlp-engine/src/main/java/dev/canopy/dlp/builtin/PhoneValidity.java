package dev.canopy.dlp.builtin;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * libphonenumber's {@code isValidNumber} and {@code isValidNumberForRegion}, deciding from the same metadata the same
 * way, with each metadata pattern compiled once.
 *
 * <p>Why: libphonenumber keeps its compiled patterns in an LRU cache of 100. Validating against our 28 regions (about
 * ten number-type patterns each) and the international numbers of any country evicts them all the time, so most
 * validations compiled their patterns again: ~9 % of a built-ins scan of pages went to phone numbers, ~17 µs per
 * number parsed. The patterns here come only from libphonenumber's metadata (never from scanned text), so the map is
 * bounded by it. {@code PhoneValidityTest} checks every answer against libphonenumber's own.
 */
final class PhoneValidity {
    private PhoneValidity() {
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** The metadata libphonenumber's default instance reads (its own accessors are not public). */
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
            .getPhoneNumberMetadataSource();
    /** libphonenumber's region code of non-geographical entities (+800, +808, ...). */
    private static final String NON_GEO = "001";
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** As {@link PhoneNumberUtil#isValidNumber}. */
    static boolean isValidNumber(PhoneNumber number) {
        String region = regionOf(number);
        return region != null && isValidNumberForRegion(number, region);
    }

    /** As {@link PhoneNumberUtil#isValidNumberForRegion}. */
    static boolean isValidNumberForRegion(PhoneNumber number, String region) {
        int countryCode = number.getCountryCode();
        PhoneMetadata metadata = metadata(region, countryCode);
        if (metadata == null || (!NON_GEO.equals(region) && countryCode != metadata.getCountryCode())) {
            return false;
        }
        return hasKnownType(PHONES.getNationalSignificantNumber(number), metadata);
    }

    /** As libphonenumber's {@code getRegionCodeForNumber}: the region of a calling code shared by several. */
    private static String regionOf(PhoneNumber number) {
        List<String> regions = PHONES.getRegionCodesForCountryCode(number.getCountryCode());
        if (regions.isEmpty()) {
            return null;
        }
        if (regions.size() == 1) {
            return regions.get(0);
        }
        String national = PHONES.getNationalSignificantNumber(number);
        for (String region : regions) {
            PhoneMetadata metadata = METADATA.getMetadataForRegion(region);
            if (metadata.hasLeadingDigits()) {
                if (pattern(metadata.getLeadingDigits()).matcher(national).lookingAt()) {
                    return region;
                }
            } else if (hasKnownType(national, metadata)) {
                return region;
            }
        }
        return null;
    }

    /** Whether libphonenumber's {@code getNumberTypeHelper} would answer anything but UNKNOWN. */
    private static boolean hasKnownType(String national, PhoneMetadata m) {
        if (!matches(national, m.getGeneralDesc())) {
            return false;
        }
        for (PhoneNumberDesc d : new PhoneNumberDesc[] {m.getPremiumRate(), m.getTollFree(), m.getSharedCost(),
            m.getVoip(), m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail(), m.getFixedLine()}) {
            if (matches(national, d)) {
                return true;
            }
        }
        return !m.getSameMobileAndFixedLinePattern() && matches(national, m.getMobile());
    }

    /** As libphonenumber's {@code isNumberMatchingDesc}: a possible length, then the whole number matches. */
    private static boolean matches(String national, PhoneNumberDesc desc) {
        List<Integer> lengths = desc.getPossibleLengthList();
        if (!lengths.isEmpty() && !lengths.contains(national.length())) {
            return false;
        }
        String regex = desc.getNationalNumberPattern();
        return !regex.isEmpty() && pattern(regex).matcher(national).matches();
    }

    /** A metadata pattern, compiled once (only libphonenumber's metadata comes here, never scanned text). */
    static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    /** The metadata of a region, or of a non-geographical calling code for region "001"; null when unknown. */
    static PhoneMetadata metadata(String region, int countryCode) {
        try {
            return NON_GEO.equals(region) ? METADATA.getMetadataForNonGeographicalRegion(countryCode)
                    : METADATA.getMetadataForRegion(region);
        } catch (IllegalArgumentException unknown) {
            return null; // as libphonenumber's own accessors answer
        }
    }
}
