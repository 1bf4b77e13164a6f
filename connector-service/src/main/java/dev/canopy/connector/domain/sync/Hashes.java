package dev.canopy.connector.domain.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.canopy.contracts.events.EventCodec;

/** Content hashes of entities, to emit only what changed. */
public final class Hashes {
    private Hashes() {
    }

    public static String of(Object data) {
        return sha256(EventCodec.toJson(data));
    }

    public static String ofText(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
