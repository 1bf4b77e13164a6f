package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How the PII recognizers generalise beyond the dev file: its templates filled with Faker values from 28 locales
 * ({@code src/test/python/faker_pii.py}, not part of {@code verify}; the file is generated, never committed).
 * Prints precision and recall per type and the misses per locale; asserts precision (every reported value must be one
 * of the planted ones), while recall is a figure to read: Faker's numbers are random digits in each locale's layout,
 * many of them not valid in any numbering plan.
 *
 * <pre>
 * python3 dlp-engine/src/test/python/faker_pii.py 4000 7 > dlp-engine/target/faker-pii.json
 * mvn -B -o -pl dlp-engine test -Dgroups=evaluation -DexcludedGroups=benchmark -Dtest=FakerPiiProbeTest
 * </pre>
 */
@Tag("evaluation")
class FakerPiiProbeTest {
    @Test
    void fakerSentencesInTheDevTemplates() throws Exception {
        Path file = Path.of(System.getProperty("pii.faker", "target/faker-pii.json"));
        Assumptions.assumeTrue(Files.isRegularFile(file),
                () -> file + " not found: generate it with src/test/python/faker_pii.py (needs Python 3 and Faker)");
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        List<String> texts = new ArrayList<>();
        List<List<PrecisionRecallTest.Span>> gold = new ArrayList<>();
        List<Map<PrecisionRecallTest.Span, String>> localeOf = new ArrayList<>();
        for (JsonNode item : root) {
            texts.add(item.get("full_text").asText());
            List<PrecisionRecallTest.Span> spans = new ArrayList<>();
            Map<PrecisionRecallTest.Span, String> locales = new HashMap<>();
            for (JsonNode s : item.get("spans")) {
                PrecisionRecallTest.Span span = new PrecisionRecallTest.Span(s.get("entity_type").asText(),
                        s.get("start_position").asInt(), s.get("end_position").asInt());
                spans.add(span);
                locales.put(span, s.get("locale").asText());
            }
            gold.add(spans);
            localeOf.add(locales);
        }
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();
        Map<String, Map<String, Integer>> missesByType = new TreeMap<>();
        Map<String, PrecisionRecallTest.Score> scores = PrecisionRecallTest.evaluate(engine, texts, gold,
                Boolean.getBoolean("dlp.verbose"), (text, span) -> missesByType
                        .computeIfAbsent(span.type(), k -> new TreeMap<>())
                        .merge(localeOf.get(text).get(span), 1, Integer::sum));
        PrecisionRecallTest.print("precision / recall on " + file + " (" + texts.size() + " sentences)", scores);
        missesByType.forEach((type, byLocale) -> System.out.println("  misses of " + type + " by locale: " + byLocale));
        assertThat(scores).as("types scored").isNotEmpty();
        scores.forEach((type, s) -> assertThat(s.precision()).as("precision %s", type).isGreaterThanOrEqualTo(0.95));
    }
}
