package dev.canopy.dlp.bench;

import dev.canopy.dlp.Detector;
import dev.canopy.dlp.DetectorCatalog;
import dev.canopy.dlp.Samples;
import dev.canopy.dlp.ScanEngine;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Single-thread scan throughput on generated Confluence-like text. Run with BenchMain (see README). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScanBenchmark {
    public static final int CORPUS_CHARS = 2 * 1024 * 1024;
    public static final long SEED = 7;

    String text;
    ScanEngine builtIns;
    ScanEngine builtInsNoDecode;
    ScanEngine gitleaks;
    List<Pattern> naive;

    /** The benchmark corpus: ~2 MiB, a secret about every 20 KB. */
    public static String corpus() {
        Map<String, Function<Random, String>> g = new LinkedHashMap<>();
        for (String id : new Samples(0).secrets().keySet()) {
            g.put(id, rnd -> new Samples(rnd.nextLong()).secrets().get(id)[0]);
        }
        return ConfluenceCorpus.generate(SEED, CORPUS_CHARS, 20_000, g).text();
    }

    public static Path gitleaksFile() {
        String dir = System.getProperty("canopy.shared.dir", "../shared");
        return Path.of(dir, "datasets", "dlp", "gitleaks.toml");
    }

    /** One java.util.regex per built-in rule, and simple regexes for the PII types. */
    public static List<Pattern> naivePatterns() {
        List<Pattern> l = new ArrayList<>();
        for (Detector d : DetectorCatalog.builtIns()) {
            if (d.pattern() != null) {
                l.add(Pattern.compile(d.pattern().source()));
            }
        }
        l.add(Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}"));
        l.add(Pattern.compile("\\b(?:\\d[ \\-]?){12,18}\\d\\b"));
        l.add(Pattern.compile("(?:\\+\\d{1,3}[ .\\-]?)?\\(?\\d{2,4}\\)?[ .\\-]?\\d{3,4}[ .\\-]?\\d{3,4}\\b"));
        l.add(Pattern.compile("\\b\\d{3}[- .]\\d{2}[- .]\\d{4}\\b"));
        l.add(Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"));
        l.add(Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b"));
        l.add(Pattern.compile("\\b[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}\\b"));
        l.add(Pattern.compile("\\b[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b"));
        l.add(Pattern.compile("\\b[A-Z]{5}\\d{4}[A-Z]\\b"));
        l.add(Pattern.compile("\\b\\d{4}[ \\-]?\\d{4}[ \\-]?\\d{4}\\b"));
        return l;
    }

    @Setup
    public void setup() throws IOException {
        text = corpus();
        builtIns = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt(new byte[16]).build();
        builtInsNoDecode = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt(new byte[16]).decode(0).build();
        Path f = gitleaksFile();
        if (Files.isRegularFile(f)) {
            gitleaks = ScanEngine.builder().addAll(GitleaksImporter.load(Files.readString(f)).detectors())
                    .salt(new byte[16]).build();
        }
        naive = naivePatterns();
    }

    @Benchmark
    public int builtInDetectors() {
        return builtIns.scan(text).size();
    }

    /** (a) without decoding base64 / URL-encoded text: the cost of decoding is the difference. */
    @Benchmark
    public int builtInDetectorsNoDecode() {
        return builtInsNoDecode.scan(text).size();
    }

    @Benchmark
    public int gitleaksRules() {
        if (gitleaks == null) {
            throw new IllegalStateException("gitleaks.toml absent: " + gitleaksFile());
        }
        return gitleaks.scan(text).size();
    }

    @Benchmark
    public int naiveRegexPerRule() {
        int n = 0;
        for (Pattern p : naive) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                n++;
            }
        }
        return n;
    }
}
