package dev.canopy.dlp.bench;

import dev.canopy.dlp.DetectorCatalog;
import dev.canopy.dlp.ScanEngine;
import dev.canopy.dlp.eval.EvalCorpus;
import dev.canopy.dlp.gitleaks.GitleaksImporter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("benchmark")
class TmpProfileTest {
    @Test
    void profile() throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        String text = EvalCorpus.generate(1, Integer.getInteger("p.mib", 8) * 1024 * 1024, EvalCorpus.Density.PAGES).text();
        List<String> pages = RipgrepSideBySideTest.pages(text);
        double mib = text.length() / 1048576.0;
        var b = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt(new byte[16]);
        if (Boolean.getBoolean("p.gl")) {
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                var res = GitleaksImporter.load(Files.readString(ScanBenchmark.gitleaksFile()));
                System.out.printf("load MiB %.0f ms, cpu %.0f ms, reach %d, gates %d%n", (System.nanoTime() - t0) / 1e6,
                        (mx.getCurrentThreadCpuTime() - c0) / 1e6, res.detectors().stream().filter(d -> d.reach() != null).count(),
                        res.detectors().stream().filter(d -> d.windowGate() != null).count());
            }
            b.addAll(GitleaksImporter.load(Files.readString(ScanBenchmark.gitleaksFile())).detectors());
        }
        ScanEngine e = b.build();
        long end = System.nanoTime() + Long.getLong("p.secs", 30) * 1_000_000_000L;
        double best = 0;
        while (System.nanoTime() < end) {
            long c0 = mx.getCurrentThreadCpuTime();
            int n = 0;
            for (String p : pages) n += e.scan(p).size();
            double r = mib / ((mx.getCurrentThreadCpuTime() - c0) / 1e9);
            best = Math.max(best, r);
            System.out.printf("%.1f MiB/cpu-s (%d)%n", r, n);
        }
        System.out.printf("BEST %.1f%n", best);
    }
}
