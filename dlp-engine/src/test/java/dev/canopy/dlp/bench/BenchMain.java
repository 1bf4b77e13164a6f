package dev.canopy.dlp.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ScanBenchmark} (forks=1, warmup 4x2s, measurement 3x2s by default; override with -Dbench.forks,
 * -Dbench.warmup, -Dbench.measure, -Dbench.time) and prints MiB/s for (a) built-ins, (b) gitleaks rules,
 * (c) naive one-java.util.regex-per-rule baseline.
 */
public final class BenchMain {
    public static void main(String[] args) throws Exception {
        String shared = System.getProperty("canopy.shared.dir", "../shared");
        String corpus = ScanBenchmark.corpus();
        double mib = corpus.getBytes(StandardCharsets.UTF_8).length / (1024.0 * 1024.0);
        int time = Integer.getInteger("bench.time", 2);
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(ScanBenchmark.class.getName() + ".builtInDetectors")
                .include(ScanBenchmark.class.getName() + ".naiveRegexPerRule")
                .forks(Integer.getInteger("bench.forks", 1))
                .warmupIterations(Integer.getInteger("bench.warmup", 4)).warmupTime(TimeValue.seconds(time))
                .measurementIterations(Integer.getInteger("bench.measure", 3)).measurementTime(TimeValue.seconds(time))
                .threads(1)
                .jvmArgsAppend("-Dcanopy.shared.dir=" + shared, "-Xmx1g");
        boolean gitleaks = Files.isRegularFile(ScanBenchmark.gitleaksFile());
        if (gitleaks) {
            o.include(ScanBenchmark.class.getName() + ".gitleaksRules");
        } else {
            System.out.println("SKIPPED (b) gitleaks rules: " + ScanBenchmark.gitleaksFile() + " is absent");
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.jmh", "true"))) {
            cpuTime(mib, gitleaks); // -Dbench.jmh=false: CPU-time figures only
            return;
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        System.out.printf("%nCorpus: %.2f MiB of generated Confluence-like text, single thread%n", mib);
        for (String[] b : new String[][] {{"builtInDetectors", "(a) built-in detectors", "200"},
            {"gitleaksRules", "(b) gitleaks rule set", "50"}, {"naiveRegexPerRule", "(c) naive java.util.regex per rule", "-"}}) {
            results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + b[0])).findFirst().ifPresentOrElse(r -> {
                double ops = r.getPrimaryResult().getScore();
                double err = r.getPrimaryResult().getScoreError();
                System.out.printf("%-40s %9.1f MiB/s (± %.1f)%s%n", b[1], ops * mib, Double.isNaN(err) ? 0 : err * mib,
                        b[2].equals("-") ? "" : "   goal >= " + b[2] + " MiB/s");
            }, () -> System.out.printf("%-40s skipped%n", b[1]));
        }
        if (!Boolean.getBoolean("bench.skipCpu")) {
            cpuTime(mib, gitleaks);
        }
    }

    /**
     * The same three workloads measured in thread CPU time (best of several runs) in this JVM: on a machine shared
     * with other builds, wall-clock throughput mostly measures the contention.
     */
    static void cpuTime(double mib, boolean gitleaks) throws Exception {
        ScanBenchmark b = new ScanBenchmark();
        b.setup();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.printf("%nThread CPU time (best of runs, after warm-up; load average %.1f):%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String[][] runs = {{"(a) built-in detectors", "a"}, {"(a0) built-ins, decoding off", "a0"}, {"(b) gitleaks rule set", "b"}, {"(c) naive java.util.regex per rule", "c"}};
        for (String[] r : runs) {
            if (r[1].equals("b") && !gitleaks) {
                continue;
            }
            int reps = r[1].equals("c") ? 3 : 15;
            long best = Long.MAX_VALUE;
            // warm up (JIT) for ~3 s of CPU before the measured runs; the naive baseline needs none
            long warmUntil = mx.getCurrentThreadCpuTime() + (r[1].equals("c") ? 0 : 3_000_000_000L);
            while (mx.getCurrentThreadCpuTime() < warmUntil) {
                if (r[1].equals("a")) {
                    b.builtInDetectors();
                } else if (r[1].equals("a0")) {
                    b.builtInDetectorsNoDecode();
                } else {
                    b.gitleaksRules();
                }
            }
            for (int i = 0; i < reps; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                int n = switch (r[1]) {
                    case "a" -> b.builtInDetectors();
                    case "a0" -> b.builtInDetectorsNoDecode();
                    case "b" -> b.gitleaksRules();
                    default -> b.naiveRegexPerRule();
                };
                best = Math.min(best, mx.getCurrentThreadCpuTime() - c0 + (n < 0 ? 1 : 0));
            }
            System.out.printf("%-40s %9.1f MiB per CPU-second%n", r[0], mib / (best / 1e9));
        }
    }
}
