package dev.canopy.support.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a ciphertext is bound to, used as AES-GCM associated data: a purpose (e.g. {@code connector.site-token}) and
 * the identifiers of the one place the secret belongs (tenant, connection, field, site URL...). A ciphertext copied to
 * another tenant, row, field or site does not decrypt. Parts are length-prefixed, so ("a|b","c") and ("a","b|c") bind
 * differently.
 */
public record CipherContext(String purpose, List<String> parts) {

    private static final byte[] DOMAIN = "canopy-aad-v2".getBytes(StandardCharsets.UTF_8);

    public CipherContext {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("a cipher context needs a purpose");
        }
        parts = List.copyOf(parts);
    }

    public static CipherContext of(String purpose, String... parts) {
        return new CipherContext(purpose, List.of(parts));
    }

    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        append(out, DOMAIN);
        append(out, purpose.getBytes(StandardCharsets.UTF_8));
        for (String p : parts) {
            append(out, (p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void append(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
