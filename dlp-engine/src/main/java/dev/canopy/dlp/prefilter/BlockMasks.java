package dev.canopy.dlp.prefilter;

import java.util.List;

/**
 * The first half of the engine's fused pass done many bytes at a time: per block of 64 positions of a Latin-1 text,
 * bit masks (bit {@code i & 63} of word {@code i >>> 6} stands for position {@code i}) of where a keyword may start
 * (a superset: the engine confirms each with its exact gram test, {@link KeywordGrams#gramSet}) and of where the
 * bytes of each of a few given ASCII sets are (exact: triggers, digits, base64 chars). The engine then visits only
 * the marked positions.
 *
 * <p>The only implementation uses the JDK's incubating Vector API ({@code jdk.incubator.vector}), which is fast only
 * on newer JDKs: on Java 17 its byte shuffles are not compiled to single instructions and the masks cost as much as
 * the scalar pass they replace (~700 MiB/s; ~5,600 on Java 25, same code, same CPU). {@link #create} therefore returns
 * null unless the module is present and the runtime is recent enough, or the mode (the system property
 * {@value #PROPERTY}, or the engine builder's) says otherwise ({@code on}: whenever the module is present, e.g. to
 * test the vector path on Java 17; {@code off}: never). Without it the engine's scalar pass does the same work;
 * results are identical.
 */
public interface BlockMasks {
    /** {@code auto} (default), {@code on} or {@code off}. */
    String PROPERTY = "canopy.dlp.vector";
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
     * Whether {@link #create} gives the vector implementation here in {@code mode}: not in {@code off}, nor without the
     * module; in {@code auto} only from Java {@link #MIN_FEATURE} on a CPU with 64-byte vectors ({@code on} uses it
     * there too: correct, only slow).
     */
    static boolean used(String mode) {
        if (mode.equals("off") || !modulePresent()) {
            return false;
        }
        if (!mode.equals("auto")) {
            return true;
        }
        if (Runtime.version().feature() < MIN_FEATURE) {
            return false;
        }
        try {
            return (boolean) implementation().getDeclaredMethod("nativeWidth").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector pass could not be set up", e);
        }
    }

    /**
     * The vector implementation for these keywords (lower-cased ASCII, in {@link KeywordGrams}' class table
     * {@code classOf}) and at most eight exact sets of ASCII bytes (256 entries each), or null when it is not
     * {@link #used} in {@code mode}.
     */
    static BlockMasks create(String mode, byte[] classOf, List<byte[]> keywords, boolean[]... exactSets) {
        if (!used(mode)) {
            return null;
        }
        try {
            return (BlockMasks) implementation().getConstructor(byte[].class, List.class, boolean[][].class)
                    .newInstance(classOf, keywords, exactSets);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector pass could not be set up", e);
        }
    }

    /** By name: this interface must load on JVMs without the module. */
    private static Class<?> implementation() throws ClassNotFoundException {
        return Class.forName("dev.canopy.dlp.prefilter.VectorMasks");
    }
}
