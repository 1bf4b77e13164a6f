package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type on presidio-synth-dev.json (gold spans with entity types and offsets). A prediction
 * is a true positive when it overlaps an unused gold span of the same type.
 */
class PrecisionRecallTest {
    static final Set<String> TYPES = Set.of("CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "US_SSN",
            "IP_ADDRESS");

    static final class Score {
        int tp;
        int fp;
        int fn;

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    record Span(String type, int start, int end) {
    }

    /** A gold span that no prediction matched: the index of its text, and the span. */
    interface Misses {
        void missed(int text, Span span);
    }

    static Map<String, Score> evaluate(ScanEngine engine, List<String> texts, List<List<Span>> gold, boolean verbose) {
        return evaluate(engine, texts, gold, verbose, (text, span) -> { });
    }

    static Map<String, Score> evaluate(ScanEngine engine, List<String> texts, List<List<Span>> gold, boolean verbose,
            Misses misses) {
        Map<String, Score> scores = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            List<Span> g = new ArrayList<>(gold.get(i));
            List<Match> predicted = engine.scan(text);
            for (Match m : predicted) {
                if (!TYPES.contains(m.type()) && m.category() != Category.SECRET) {
                    continue;
                }
                Score s = scores.computeIfAbsent(m.type(), k -> new Score());
                Span hit = g.stream().filter(x -> x.type().equals(m.type()) && x.start() < m.end() && m.start() < x.end())
                        .findFirst().orElse(null);
                if (hit != null) {
                    s.tp++;
                    g.remove(hit);
                } else {
                    s.fp++;
                    if (verbose) {
                        System.out.println("  FP " + m.type() + " '" + text.substring(m.start(), m.end()) + "' conf "
                                + m.confidence() + " in: " + text.replace('\n', ' '));
                    }
                }
            }
            for (Span x : g) {
                scores.computeIfAbsent(x.type(), k -> new Score()).fn++;
                misses.missed(i, x);
                if (verbose) {
                    System.out.println("  FN " + x.type() + " '" + text.substring(x.start(), x.end()) + "' in: "
                            + text.replace('\n', ' '));
                }
            }
        }
        return scores;
    }

    static void print(String title, Map<String, Score> scores) {
        System.out.println(title);
        System.out.printf("  %-28s %5s %5s %5s %9s %7s%n", "type", "TP", "FP", "FN", "precision", "recall");
        scores.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
                "  %-28s %5d %5d %5d %9.3f %7.3f%n", e.getKey(), e.getValue().tp, e.getValue().fp, e.getValue().fn,
                e.getValue().precision(), e.getValue().recall()));
    }

    @Test
    void presidioSyntheticDev() throws Exception {
        String json = SharedData.readOrSkip("datasets/pii/presidio-synth-dev.json");
        JsonNode root = new ObjectMapper().readTree(json);
        List<String> texts = new ArrayList<>();
        List<List<Span>> gold = new ArrayList<>();
        for (JsonNode item : root) {
            texts.add(item.get("full_text").asText());
            List<Span> spans = new ArrayList<>();
            for (JsonNode s : item.get("spans")) {
                String type = s.get("entity_type").asText();
                if (TYPES.contains(type)) {
                    spans.add(new Span(type, s.get("start_position").asInt(), s.get("end_position").asInt()));
                }
            }
            gold.add(spans);
        }
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();
        long t0 = System.nanoTime();
        Map<String, Score> scores = evaluate(engine, texts, gold, Boolean.getBoolean("dlp.verbose"));
        System.out.printf("presidio-synth-dev: %d sentences in %d ms%n", texts.size(), (System.nanoTime() - t0) / 1_000_000);
        print("precision / recall on presidio-synth-dev.json (goal P >= 0.95, R >= 0.95)", scores);
        for (String t : TYPES) {
            Score s = scores.getOrDefault(t, new Score());
            assertThat(s.tp + s.fn).as("gold spans of %s", t).isPositive();
            assertThat(s.precision()).as("precision %s", t).isGreaterThanOrEqualTo(0.95);
            assertThat(s.recall()).as("recall %s", t).isGreaterThanOrEqualTo(0.95);
        }
    }
}
