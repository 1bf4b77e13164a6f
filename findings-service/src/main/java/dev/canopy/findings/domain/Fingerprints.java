package dev.canopy.findings.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable identities of findings: the same problem on the same resource always gets the same fingerprint. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String posture(String tenantId, String checkId, String resourceType, String resourceId) {
        return sha256("posture", tenantId, checkId, resourceType, resourceId);
    }

    public static String dlp(String tenantId, String detectorId, String contentKey, String evidenceHash) {
        return sha256("dlp", tenantId, detectorId, contentKey, evidenceHash);
    }

    /** One detection occurrence: its detection id is already stable (rule + first triggering audit event). */
    public static String detection(String tenantId, String detectionId) {
        return sha256("detection", tenantId, detectionId);
    }

    private static String sha256(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = (p == null ? "" : p).getBytes(StandardCharsets.UTF_8);
                // length-prefixed so ("ab","c") and ("a","bc") differ
                md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
