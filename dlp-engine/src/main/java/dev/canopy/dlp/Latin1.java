package dev.canopy.dlp;

import java.nio.charset.StandardCharsets;

/**
 * The engine's scans read text as one byte per char. For the usual page (only Latin-1 chars, which Java stores as
 * bytes already) this is a plain copy, half the size of {@code toCharArray()} and without widening. A char beyond
 * Latin-1 becomes {@code '?'} (not a keyword char, digit or trigger of any built-in detector), so offsets stay the
 * text's offsets; whatever the byte pass finds is confirmed on the text itself.
 */
final class Latin1 {
    private Latin1() {
    }

    static byte[] of(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == text.length()) {
            return b;
        }
        // a surrogate pair became one '?': map char by char to keep offsets
        b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            b[i] = c < 256 ? (byte) c : (byte) '?';
        }
        return b;
    }
}
