package dev.canopy.dlp.gitleaks;

import dev.canopy.dlp.prefilter.KeywordGrams;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An allowlist's stopwords: whether one occurs in a secret (lower-cased, as gitleaks compares). The ASCII words
 * (all of gitleaks' ~1 450 for generic-api-key) are found in one pass with {@link KeywordGrams} instead of a
 * {@code contains} per word and candidate; any other word keeps {@code contains}.
 */
final class Stopwords {
    private final KeywordGrams ascii;
    private final String[] others;

    Stopwords(List<String> words) {
        Set<String> asciiWords = new LinkedHashSet<>();
        List<String> rest = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty() || !w.chars().allMatch(ch -> ch < 128)) {
                rest.add(w);
            } else {
                asciiWords.add(w);
            }
        }
        this.ascii = asciiWords.isEmpty() ? null : new KeywordGrams(new ArrayList<>(asciiWords));
        this.others = rest.toArray(new String[0]);
    }

    boolean isEmpty() {
        return ascii == null && others.length == 0;
    }

    boolean occurIn(String secret) {
        if (isEmpty()) {
            return false;
        }
        String s = secret.toLowerCase(Locale.ROOT);
        for (String w : others) {
            if (s.contains(w)) {
                return true;
            }
        }
        if (ascii == null) {
            return false;
        }
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char ch = s.charAt(i);
            b[i] = ch < 256 ? (byte) ch : (byte) 0xFF; // never part of an ASCII word
        }
        boolean[] hit = {false};
        ascii.scan(b, b.length, (id, start, end) -> hit[0] = true);
        return hit[0];
    }
}
