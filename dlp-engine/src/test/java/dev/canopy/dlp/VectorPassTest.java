package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canopy.dlp.eval.EvalCorpus;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import dev.canopy.dlp.prefilter.BlockMasks;
import dev.canopy.dlp.prefilter.KeywordGrams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused pass on the Vector API ({@link BlockMasks}) finds exactly what the scalar pass finds, with either
 * implementation. Surefire starts the test JVM with {@code --add-modules jdk.incubator.vector} and the engines here ask
 * for each implementation by name ({@code wide}: 64-byte vectors, {@code nibble}: 16-byte), so both are compared on
 * any JDK and CPU (on Java 17, or where the CPU lacks vectors that wide, slow, not wrong); skipped without the module.
 */
class VectorPassTest {
    private static final String MODULE_OR_CPU = "the vector pass needs jdk.incubator.vector (surefire adds it)";

    private static ScanEngine engine(List<Detector> detectors, String mode) {
        return ScanEngine.builder().addAll(detectors).salt(new byte[16]).vector(mode).build();
    }

    private static void assertSameMatches(ScanEngine scalar, ScanEngine vector, List<String> texts) {
        assumeTrue(vector.vectorized(), MODULE_OR_CPU);
        assertThat(scalar.vectorized()).isFalse();
        int matches = 0;
        for (String text : texts) {
            List<Match> expected = scalar.scan(text);
            matches += expected.size();
            assertThat(vector.scan(text).toString()).as("a text of %d chars", text.length())
                    .isEqualTo(expected.toString());
        }
        assertThat(matches).as("matches compared").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wide", "nibble"})
    void generatedPagesGiveTheSameMatches(String mode) throws Exception {
        List<Detector> detectors = new ArrayList<>(DetectorCatalog.builtIns());
        var toml = SharedData.dir().resolve("datasets/dlp/gitleaks.toml");
        if (Files.isRegularFile(toml)) {
            detectors.addAll(GitleaksImporter.load(Files.readString(toml)).detectors());
        }
        List<String> pages = new ArrayList<>();
        for (EvalCorpus.Density density : EvalCorpus.Density.values()) {
            String text = EvalCorpus.generate(3, 1 << 20, density).text();
            for (int from = 0, at; from < text.length(); from = at) {
                at = text.indexOf("<h1>", from + 1);
                at = at < 0 ? text.length() : at;
                pages.add(text.substring(from, at));
            }
        }
        assertSameMatches(engine(detectors, "off"), engine(detectors, mode), pages);
    }

    /**
     * Texts built against the blocks: secrets, numbers, e-mails and base64 runs across 64-byte boundaries and at the
     * very end, runs of 23 to 65 base64 chars (a run counts from 24), bytes of 0x80..0xFF and chars beyond Latin-1
     * next to keywords, lengths around multiples of 64.
     */
    @ParameterizedTest
    @ValueSource(strings = {"wide", "nibble"})
    void textsBuiltAgainstTheBlocksGiveTheSameMatches(String mode) {
        List<Detector> detectors = DetectorCatalog.builtIns();
        Random r = new Random(11);
        String[] pieces = {"ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "AKIAZ3MHQ7LPR5TYX2VN",
            "password=Zq8#rT2!vL9$wK4m", "+44 20 7946 0958", "4111 1111 1111 1111", "ops@example.org",
            "192.0.2.44", "%2Fhome%2Fuser", "émigré ÿ",
            // base64 runs that decode to a token: found only when the run's start is collected
            java.util.Base64.getEncoder().encodeToString(("GITHUB_TOKEN=ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\n")
                    .getBytes(StandardCharsets.US_ASCII)),
            "x" + java.util.Base64.getEncoder().encodeToString(("export TOKEN=ghp_" + "Zz9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8\n")
                    .getBytes(StandardCharsets.US_ASCII)),
            "\u4e2d\u6587 token", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
            "2024-03-01T10:00:00Z", "v1.2.3.4", "SK" + "0123456789abcdef0123456789abcdef", "q~", "task ask risk"};
        List<String> texts = new ArrayList<>();
        for (int round = 0; round < 400; round++) {
            StringBuilder sb = new StringBuilder();
            int target = 200 + r.nextInt(700);
            while (sb.length() < target) {
                int roll = r.nextInt(10);
                if (roll < 4) {
                    sb.append(pieces[r.nextInt(pieces.length)]);
                } else if (roll < 6) {
                    sb.append("A".repeat(23 + r.nextInt(43))); // base64-alphabet runs of 23..65
                } else if (roll < 8) {
                    sb.append(" ".repeat(r.nextInt(64))); // shifts the next piece against the blocks
                } else {
                    sb.append("the secret token of the ").append(r.nextInt(100000)).append(' ');
                }
                if (r.nextInt(8) == 0) {
                    sb.append('\n');
                }
            }
            // cut so that lengths fall on and around block boundaries, and pieces end at the text's end
            int cut = r.nextBoolean() ? sb.length() : Math.max(1, (sb.length() / 64) * 64 + r.nextInt(7) - 3);
            texts.add(sb.substring(0, Math.min(sb.length(), cut)));
        }
        assertSameMatches(engine(detectors, "off"), engine(detectors, mode), texts);
    }

    /**
     * {@link BlockMasks#mark} directly, on random bytes: the trigger-like sets are exact, every keyword occurrence
     * (case-insensitive) in the marked blocks is marked, and marks stay a small share of page text.
     */
    @ParameterizedTest
    @ValueSource(strings = {"wide", "nibble"})
    void marksAreExactForSetsAndMissNoKeyword(String mode) {
        List<String> words = List.of("secret", "sk", "://", "ghp_", "api_key", "x", "password", "q~", "akia", "zz9");
        KeywordGrams grams = new KeywordGrams(words);
        // the engine's three sets: triggers, digits, base64 chars (the 16-byte masks cut them into nibble rectangles)
        boolean[] triggers = new boolean[256];
        boolean[] digits = new boolean[256];
        boolean[] base64 = new boolean[256];
        for (int c = 0; c < 128; c++) {
            digits[c] = c >= '0' && c <= '9';
            triggers[c] = c == '@' || c == ':' || c == '%';
            base64[c] = Character.isLetterOrDigit(c) || "+/-_".indexOf(c) >= 0;
        }
        BlockMasks masks = BlockMasks.create(mode, grams.classTable(), grams.keywordBytes(), digits, triggers, base64);
        assumeTrue(masks != null, MODULE_OR_CPU);
        String alphabet = "secrtkSKx:/ghp_api_ksswordqzZ9~ \u00e9\u00ff\u008001234akiaAKIA";
        Random r = new Random(5);
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0, n = 67 + r.nextInt(600); i < n; i++) {
                int roll = r.nextInt(8);
                sb.append(roll < 2 ? words.get(r.nextInt(words.size()))
                        : roll < 3 ? String.valueOf((char) r.nextInt(256)) // every byte, for the sets
                        : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            int words64 = (b.length + 63) / 64 + 1;
            long[] starts = new long[words64];
            long[][] sets = new long[3][words64];
            // random garbage past the end must not be read: the marks are of b[0, n) only
            int n = b.length - r.nextInt(3);
            assertThat(masks.mark(b, n, starts, sets)).isEqualTo(n);
            String lower = new String(b, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (int i = n; i < words64 * 64; i++) {
                assertThat((starts[i >>> 6] | sets[0][i >>> 6] | sets[1][i >>> 6] | sets[2][i >>> 6]) & 1L << i)
                        .as("a bit at %d >= %d", i, n).isZero();
            }
            for (int i = 0; i < n; i++) {
                boolean marked = (starts[i >>> 6] & 1L << i) != 0;
                for (String w : words) {
                    if (lower.startsWith(w, i)) {
                        assertThat(marked).as("'%s' at %d of %s", w, i, lower).isTrue();
                    }
                }
                assertThat((sets[0][i >>> 6] & 1L << i) != 0).as("digit at %d", i).isEqualTo(digits[b[i] & 0xFF]);
                assertThat((sets[1][i >>> 6] & 1L << i) != 0).as("trigger at %d", i).isEqualTo(triggers[b[i] & 0xFF]);
                assertThat((sets[2][i >>> 6] & 1L << i) != 0).as("base64 char at %d", i).isEqualTo(base64[b[i] & 0xFF]);
            }
        }
        // on page text the marks are a filter, not everything (the built-ins' keywords: ~1.5 % of the positions)
        ScanEngine builtIns = engine(DetectorCatalog.builtIns(), mode);
        assertThat(builtIns.vectorized()).isTrue();
        byte[] page = EvalCorpus.generate(4, 1 << 20, EvalCorpus.Density.PAGES).text().getBytes(StandardCharsets.ISO_8859_1);
        List<String> builtInWords = new ArrayList<>();
        for (Detector d : DetectorCatalog.builtIns()) {
            for (String k : d.trigger() == Trigger.KEYWORD ? d.keywords() : List.<String>of()) {
                String lk = k.toLowerCase(Locale.ROOT);
                if (!builtInWords.contains(lk)) {
                    builtInWords.add(lk);
                }
            }
        }
        KeywordGrams all = new KeywordGrams(builtInWords);
        BlockMasks pageMasks = BlockMasks.create(mode, all.classTable(), all.keywordBytes());
        long[] starts = new long[page.length / 64 + 2];
        int covered = pageMasks.mark(page, page.length, starts, new long[0][]);
        assertThat(covered).isEqualTo(page.length);
        long marked = 0;
        for (long w : starts) {
            marked += Long.bitCount(w);
        }
        assertThat(marked / (double) covered).as("share of page positions marked").isLessThan(0.04);
    }
}
