package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.dlp.bench.ConfluenceCorpus;
import dev.canopy.simulator.generate.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Precision/recall per detector on the atlassian-simulator's planted values (its own generators,
 * {@code Secrets.generate(detector, random)}), embedded the way the simulator renders them ("For reference: …")
 * in generated Confluence-like text.
 */
class SimulatorPlantedTest {
    @Test
    void simulatorPlantedSecretsAndPii() {
        List<String> ids = new ArrayList<>(Secrets.SECRET_DETECTORS);
        ids.addAll(Secrets.PII_DETECTORS);
        Map<String, Function<Random, String>> gens = new LinkedHashMap<>();
        for (String id : ids) {
            gens.put(id, r -> "For reference: " + Secrets.generate(id, new SplittableRandom(r.nextLong())));
        }
        ConfluenceCorpus.Corpus c = ConfluenceCorpus.generate(11, 800_000, 2_000, gens);
        ScanEngine engine = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();
        Map<String, PrecisionRecallTest.Score> scores = new LinkedHashMap<>();
        ids.forEach(id -> scores.put(id, new PrecisionRecallTest.Score()));
        List<ConfluenceCorpus.Planted> open = new ArrayList<>(c.planted());
        for (Match m : engine.scan(c.text())) {
            if (!scores.containsKey(m.detectorId())) {
                continue; // other detectors (the corpus itself has no PII of these kinds)
            }
            ConfluenceCorpus.Planted p = open.stream().filter(x -> x.detectorId().equals(m.detectorId())
                    && x.start() < m.end() && m.start() < x.end()).findFirst().orElse(null);
            if (p != null) {
                scores.get(m.detectorId()).tp++;
                open.remove(p);
            } else {
                scores.get(m.detectorId()).fp++;
                System.out.println("  FP " + m);
            }
        }
        open.forEach(p -> {
            scores.get(p.detectorId()).fn++;
            System.out.println("  FN " + p.detectorId() + ": " + c.text().substring(p.start(), Math.min(p.end(), p.start() + 70)));
        });
        PrecisionRecallTest.print("simulator planted values (" + c.planted().size() + " planted)", scores);
        scores.forEach((id, s) -> {
            assertThat(s.precision()).as("precision " + id).isGreaterThanOrEqualTo(0.95);
            assertThat(s.recall()).as("recall " + id).isGreaterThanOrEqualTo(0.90);
        });
    }
}
