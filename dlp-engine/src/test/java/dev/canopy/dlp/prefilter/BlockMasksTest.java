package dev.canopy.dlp.prefilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which {@link BlockMasks} implementation each mode picks on which JVM and CPU, and the CPU flags it reads. */
class BlockMasksTest {
    @Test
    void autoPicksByJavaVersionVectorWidthAndVbmi() {
        // AVX-512 with VBMI (Ice Lake and later, Zen 4): the 64-byte pass
        assertThat(BlockMasks.pick("auto", 25, 64, true)).isEqualTo("wide");
        // AVX-512 without VBMI (Skylake-SP, Cascade Lake): 64-entry byte shuffles are several instructions there
        assertThat(BlockMasks.pick("auto", 25, 64, false)).isEqualTo("nibble");
        // AVX2 (this session's EPYC), NEON
        assertThat(BlockMasks.pick("auto", 25, 32, false)).isEqualTo("nibble");
        assertThat(BlockMasks.pick("auto", 25, 16, false)).isEqualTo("nibble");
        // no vectors worth it, or Java 17 (slow shuffles): the scalar pass
        assertThat(BlockMasks.pick("auto", 25, 8, false)).isNull();
        assertThat(BlockMasks.pick("auto", 17, 64, true)).isNull();
        // on: the one that fits, on any JDK; wide / nibble / off as asked
        assertThat(BlockMasks.pick("on", 17, 64, true)).isEqualTo("wide");
        assertThat(BlockMasks.pick("on", 17, 8, false)).isEqualTo("nibble");
        assertThat(BlockMasks.pick("wide", 17, 16, false)).isEqualTo("wide");
        assertThat(BlockMasks.pick("nibble", 25, 64, true)).isEqualTo("nibble");
        assertThat(BlockMasks.pick("off", 25, 64, true)).isNull();
    }

    @Test
    void cpuFlagsAreTheFirstFlagsLine(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse4_2 avx2 bmi2\n\n"
                + "processor\t: 1\nflags\t\t: fpu avx512vbmi\n");
        assertThat(CpuFlags.read(cpuinfo)).containsExactly("fpu", "sse4_2", "avx2", "bmi2");
        assertThat(CpuFlags.read(dir.resolve("absent"))).isNull();
    }
}
