package dev.canopy.dlp.prefilter;

import java.util.List;

/**
 * The first half of the engine's fused pass done many bytes at a time: per block of 64 positions of a Latin-1 text,
 * bit masks (bit {@code i & 63} of word {@code i >>> 6} stands for position {@code i}) of where a keyword may start
 * (a superset: the engine confirms each with its exact gram test, {@link KeywordGrams#gramSet}) and of where the
 * bytes of each of a few given ASCII sets are (exact: triggers, digits, base64 chars). The engine then visits only
 * the marked positions.
 *
 * <p>Two implementations on the JDK's incubating Vector API ({@code jdk.incubator.vector}): {@link VectorMasks}, 64
 * bytes at a time with whole-byte tables, for CPUs with 64-byte vectors (AVX-512 with VBMI), and {@link NibbleMasks},
 * 16 bytes at a time with nibble tables, for the others (AVX2, SSSE3, NEON). Both are fast only on newer JDKs: on Java
 * 17 their byte shuffles are not compiled to single instructions and the masks cost as much as the scalar pass they
 * replace (~700 MiB/s for the 64-byte one; ~5,600 on Java 25, same code, same CPU; the 16-byte one ~130 on Java 17 and
 * ~900 on Java 25 on an AVX2 CPU). {@link #create} therefore returns null unless the module is present and the runtime
 * is recent enough, or the mode (the system property {@value #PROPERTY}, or the engine builder's) says otherwise.
 * Without it the engine's scalar pass does the same work; results are identical.
 */
public interface BlockMasks {
    /**
     * {@code auto} (default: the implementation that fits the CPU, from Java {@link #MIN_FEATURE}), {@code on} (the
     * one that fits the CPU, on any JDK with the module), {@code wide} or {@code nibble} (that implementation on any
     * JDK and CPU with the module: tests; without vector registers that wide the Vector API computes it in Java, slow
     * but correct) or {@code off} (never).
     */
    String PROPERTY = "canopy.dlp.vector";
    /** The modes. */
    List<String> MODES = List.of("auto", "on", "off", "wide", "nibble");
    /** The first Java feature release on which {@code auto} uses the vector masks (measured on 17 and 25). */
    int MIN_FEATURE = 25;

    /**
     * Marks every position of {@code b[0, n)}: fills words {@code 0 .. ceil(n / 64) - 1} of {@code keywordStarts} and
     * of {@code setBits[q]} per set (no bit at or past {@code n}) and returns {@code n}.
     */
    int mark(byte[] b, int n, long[] keywordStarts, long[][] setBits);

    /** The mode when none is given: the system property {@value #PROPERTY}, else {@code auto}. */
    static String defaultMode() {
        return System.getProperty(PROPERTY, "auto");
    }

    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static boolean modulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The implementation {@link #create} gives here in {@code mode} ({@code "wide"}, {@code "nibble"}), or null: see
     * {@link #pick}, with this JVM and CPU.
     */
    static String used(String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("vector mode must be one of " + MODES + ": " + mode);
        }
        if (mode.equals("off") || !modulePresent()) {
            return null;
        }
        try {
            int bytes = (int) implementation("wide").getDeclaredMethod("preferredBytes").invoke(null);
            return pick(mode, Runtime.version().feature(), bytes, CpuFlags.has("avx512vbmi"));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector pass could not be set up", e);
        }
    }

    /**
     * The choice (with the module present): {@code wide} and {@code nibble} as asked; {@code auto} nothing before Java
     * {@link #MIN_FEATURE}; then, and in {@code on}, the 64-byte implementation where the CPU has 64-byte vectors
     * ({@code preferredBytes}) and byte shuffles across them ({@code vbmi}: AVX-512 VBMI; without it, e.g. on
     * Skylake-SP, the JIT builds each 64-entry shuffle from several instructions), else the 16-byte one where the CPU
     * has 16-byte vectors ({@code on}: anyway).
     */
    static String pick(String mode, int javaFeature, int preferredBytes, boolean vbmi) {
        if (mode.equals("wide") || mode.equals("nibble")) {
            return mode;
        }
        if (mode.equals("off") || (mode.equals("auto") && javaFeature < MIN_FEATURE)) {
            return null;
        }
        if (preferredBytes >= 64 && vbmi) {
            return "wide";
        }
        return preferredBytes >= 16 || mode.equals("on") ? "nibble" : null;
    }

    /**
     * The vector implementation for these keywords (lower-cased ASCII, in {@link KeywordGrams}' class table
     * {@code classOf}) and at most eight exact sets of ASCII bytes (256 entries each), or null when none is
     * {@link #used} in {@code mode}, or when the sets don't fit the 16-byte one's table (then the scalar pass runs).
     */
    static BlockMasks create(String mode, byte[] classOf, List<byte[]> keywords, boolean[]... exactSets) {
        String which = used(mode);
        if (which == null) {
            return null;
        }
        try {
            Class<?> impl = implementation(which);
            if (which.equals("nibble") && !(boolean) impl.getDeclaredMethod("fits", boolean[][].class)
                    .invoke(null, (Object) exactSets)) {
                return null;
            }
            return (BlockMasks) impl.getConstructor(byte[].class, List.class, boolean[][].class)
                    .newInstance(classOf, keywords, exactSets);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector pass could not be set up", e);
        }
    }

    /** By name: this interface must load on JVMs without the module. */
    private static Class<?> implementation(String which) throws ClassNotFoundException {
        return Class.forName(which.equals("wide") ? "dev.canopy.dlp.prefilter.VectorMasks"
                : "dev.canopy.dlp.prefilter.NibbleMasks");
    }
}
