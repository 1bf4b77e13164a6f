package dev.canopy.dlp;

import dev.canopy.dlp.builtin.PiiDetectors;
import dev.canopy.dlp.builtin.SecretDetectors;
import java.util.ArrayList;
import java.util.List;

/** The built-in detectors. */
public final class DetectorCatalog {
    private static final List<Detector> BUILT_INS;

    static {
        List<Detector> l = new ArrayList<>(SecretDetectors.all());
        l.addAll(PiiDetectors.all());
        BUILT_INS = List.copyOf(l);
    }

    private DetectorCatalog() {
    }

    /** All built-in secret and PII detectors (immutable, shared). */
    public static List<Detector> builtIns() {
        return BUILT_INS;
    }

    public static List<Detector> secrets() {
        return BUILT_INS.stream().filter(d -> d.category() == Category.SECRET).toList();
    }

    public static List<Detector> pii() {
        return BUILT_INS.stream().filter(d -> d.category() == Category.PII).toList();
    }
}
