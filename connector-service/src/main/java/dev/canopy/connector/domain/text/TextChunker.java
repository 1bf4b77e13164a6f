package dev.canopy.connector.domain.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into ordered chunks whose JSON-encoded UTF-8 size stays under a byte budget, each chunk after the
 * first starting {@code overlap} characters before the previous one ended, so that anything shorter than the
 * overlap that crosses a boundary appears whole in one chunk. Nothing is dropped; surrogate pairs are never split.
 */
public final class TextChunker {
    private final long maxBytes;
    private final int overlap;

    public TextChunker(long maxBytes, int overlap) {
        if (overlap * 6L * 2 > maxBytes) {
            throw new IllegalArgumentException("overlap " + overlap + " too large for a budget of " + maxBytes + " bytes");
        }
        this.maxBytes = maxBytes;
        this.overlap = overlap;
    }

    public record Chunk(int index, long offset, int overlap, String text) {
    }

    public List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        int n = text.length();
        do {
            int end = start;
            long bytes = 0;
            while (end < n) {
                int cp = text.codePointAt(end);
                long cost = jsonBytes(cp);
                if (bytes + cost > maxBytes) {
                    break;
                }
                bytes += cost;
                end += Character.charCount(cp);
            }
            int overlapUsed = chunks.isEmpty() ? 0 : Math.min(overlap, chunks.get(chunks.size() - 1).text().length());
            chunks.add(new Chunk(chunks.size(), start, chunks.isEmpty() ? 0 : overlapUsed, text.substring(start, end)));
            if (end >= n) {
                break;
            }
            int next = Math.max(start + 1, end - overlap);
            if (Character.isLowSurrogate(text.charAt(next)) && next > start + 1) {
                next--;
            }
            start = next;
        } while (true);
        // the overlap reported is the real one: characters shared with the previous chunk
        List<Chunk> exact = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            int shared = i == 0 ? 0 : (int) (chunks.get(i - 1).offset() + chunks.get(i - 1).text().length() - c.offset());
            exact.add(new Chunk(c.index(), c.offset(), shared, c.text()));
        }
        return exact;
    }

    /**
     * Most bytes a code point can take inside a JSON string, whatever the encoder escapes: short escapes, and
     * {@code \\uXXXX} for control and non-ASCII characters (twice for a surrogate pair).
     */
    static int jsonBytes(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t' || cp == '\b' || cp == '\f') {
            return 2;
        }
        if (cp < 0x20 || (cp >= 0x80 && cp < 0x10000)) {
            return 6;
        }
        return cp < 0x80 ? 1 : 12;
    }
}
